"""Brain metastases as oncology criteria qualify them: by treatment and activity.

"Any untreated brain metastases" (NCT05048797) and "Has symptomatic, untreated, or actively
progressing brain metastases or leptomeningeal disease" (NCT06472076) exclude only the
metastases so qualified; a coordinator reads a note's "2 brain mets treated with SRS 3 months
ago, stable on MRI" as not meeting "untreated", and a bare "brain metastases" as leaving the
qualifier open (unknown, naming it; never met). The qualifiers only brain metastases take are
data (``concept_qualifiers`` in ``data/screening_rules.json``); the criteria are real registry
text (``../shared``), judged as ``match --trial`` judges them.
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import CriterionResult, match_trial

TREATED_STABLE = "62F metastatic NSCLC. 2 brain mets treated with SRS 3 months ago, stable on MRI."
BARE = "62F metastatic NSCLC with brain metastases."
UNTREATED = (
    "62F metastatic NSCLC. Headaches and arm weakness from a new untreated brain metastasis, "
    "on dexamethasone."
)
DENIED = "62F metastatic NSCLC. No brain metastases."


def _answer(nct_id: str, start: str, note: str) -> CriterionResult:
    parsed = parse_trial_criteria(_any_trial(nct_id))
    return _criterion(match_trial(parsed, facts(age=62, sex="female", note=note)), start)


def test_treated_stable_brain_metastases_do_not_meet_an_untreated_exclusion() -> None:
    answer = _answer("NCT05048797", "Any untreated brain metastases", TREATED_STABLE)
    assert answer.status == "not_met", answer.reason
    assert "untreated" in answer.reason


def test_bare_brain_metastases_leave_a_qualified_exclusion_unknown_naming_the_qualifier() -> None:
    for nct_id, start, qualifier in (
        ("NCT05048797", "Any untreated brain metastases", "untreated"),
        ("NCT06472076", "Has symptomatic, untreated", "symptomatic or untreated"),
    ):
        answer = _answer(nct_id, start, BARE)
        assert answer.status == "unknown", (nct_id, answer.reason)
        assert f"needs {qualifier} brain metastases" in answer.reason, answer.reason


def test_untreated_brain_metastases_meet_the_exclusion_and_a_denial_does_not() -> None:
    for nct_id, start in (
        ("NCT05048797", "Any untreated brain metastases"),
        ("NCT06472076", "Has symptomatic, untreated"),
    ):
        assert _answer(nct_id, start, UNTREATED).status == "met", nct_id
    assert _answer("NCT05048797", "Any untreated brain metastases", DENIED).status == "not_met"


def test_untreated_brain_metastases_are_active_ones() -> None:
    """Trials define clinically active CNS metastases as untreated or symptomatic ones
    (NCT06429761): "Phase 2: Active brain metastases" (NCT04613596) is met by a new untreated
    metastasis, and left open by bare ones."""
    start = "Phase 2: Active brain metastases"
    assert _answer("NCT04613596", start, UNTREATED).status == "met"
    bare = _answer("NCT04613596", start, BARE)
    assert bare.status == "unknown" and "needs active brain metastases" in bare.reason


def test_a_clear_brain_mri_does_not_meet_a_brain_metastases_exclusion() -> None:
    """Round ten's "MRI brain 28/11 no metastases" denies brain metastases: "Patient with
    symptomatic uncontrolled brain metastasis" (NCT06189209) is not met, as a coordinator
    answered; it was unknown."""
    patient = _round_patient("ten", "metastatic triple negative breast cancer, second line")
    parsed = parse_trial_criteria(_any_trial("NCT06189209"))
    answer = _criterion(match_trial(parsed, patient), "Patient with symptomatic uncontrolled")
    assert answer.status == "not_met", answer.reason


def test_only_a_brain_mri_reported_clear_denies_brain_metastases() -> None:
    for note, denied in (
        ("Relapsed breast cancer. MRI brain: no mets.", True),
        ("Metastatic NSCLC. Brain MRI negative.", True),
        ("DLBCL. MRI brain normal, CSF cytology negative.", True),
        ("Sudden headache. Brain MRI negative for haemorrhage.", False),
        ("Metastatic NSCLC. Brain MRI: known metastases, unchanged, otherwise normal.", False),
        ("Fall at home. CT head unremarkable.", False),
    ):
        assert bool(facts(note=note).concept_facts("brain_metastases")[1]) is denied, note


def test_a_brain_mri_reporting_metastases_states_them_with_the_sentences_qualifiers() -> None:
    """Round fifteen's "MRI brain: two small asymptomatic metastases, no treatment needed"
    states brain metastases, asymptomatic ones; "no new metastases" and "suspicious for"
    state none."""
    for note, present in (
        ("MRI brain: two small asymptomatic metastases, no treatment needed.", True),
        ("MRI brain: no new metastases.", False),
        ("MRI brain: lesion suspicious for metastasis.", False),
    ):
        assert bool(facts(note=note).concept_facts("brain_metastases")[0]) is present, note
    answer = _answer(
        "NCT05048797",
        "Any untreated brain metastases",
        "Metastatic NSCLC. MRI brain: two small asymptomatic metastases, treated with SRS in May.",
    )
    assert answer.status == "not_met", answer.reason
