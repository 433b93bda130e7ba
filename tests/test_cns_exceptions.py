"""Brain and leptomeningeal metastases as oncology exclusions let them off.

"Brain metastases unless asymptomatic, stable, and not requiring steroids…" (NCT06120491,
NCT06764875, NCT06357533): the exclusion holds only when the note contradicts what the
exception asks; a note stating every condition is let off (not met), one silent on a
condition leaves it to the study team. Read as one, treated and stable metastases met it:
the exception's window was taken for the metastases' own ("brain metastases: about 91 days
ago; criterion window at least 4 weeks"). Leptomeningeal disease is a kind of its own, which
a positive CSF cytology states. The criteria are real registry text (``../shared``).
"""

from __future__ import annotations

from test_brain_metastasis_qualifiers import _answer
from test_judge_entailment import facts

SETTLED = (
    "62F metastatic NSCLC. 2 brain mets treated with SRS 3 months ago, stable on MRI, "
    "asymptomatic, off steroids."
)
BARE = "62F metastatic NSCLC with brain metastases."
ACTIVE = "62F metastatic NSCLC. New symptomatic brain metastasis, on dexamethasone 4 mg daily."


def test_treated_stable_asymptomatic_metastases_are_let_off() -> None:
    for nct_id, start in (
        ("NCT06764875", "Spinal cord compression or brain metastases unless"),
        ("NCT06357533", "Spinal cord compression, or brain metastases unless"),
    ):
        answer = _answer(
            nct_id, start, SETTLED.replace(", off steroids", ", no steroids, no anticonvulsants")
        )
        assert answer.status == "not_met", (nct_id, answer.reason)
        assert "exception holds" in answer.reason


def test_the_exceptions_window_is_not_the_metastases_own() -> None:
    """NCT06120491 asks no steroids "for at least 4 weeks": metastases treated 3 months ago
    did not meet it by their date; a note that does not say when steroids ended leaves it
    unknown, naming that."""
    answer = _answer("NCT06120491", "Spinal cord compression or brain metastases unless", SETTLED)
    assert answer.status == "unknown", answer.reason
    assert "steroids: when it ended is not given" in answer.reason


def test_steroids_stopped_too_recently_hold_the_exclusion() -> None:
    note = (
        "62F metastatic NSCLC. 2 brain mets treated with SRS 3 months ago, stable on MRI, "
        "asymptomatic. Weaned off dexamethasone 2 weeks ago."
    )
    answer = _answer("NCT06120491", "Spinal cord compression or brain metastases unless", note)
    assert answer.status == "met", answer.reason


def test_bare_metastases_leave_the_exception_to_the_study_team_naming_it() -> None:
    answer = _answer("NCT06357533", "Spinal cord compression, or brain metastases unless", BARE)
    assert answer.status == "unknown", answer.reason
    assert "whether the brain metastases are asymptomatic" in answer.reason


def test_symptomatic_metastases_on_steroids_meet_the_exclusion() -> None:
    for nct_id, start in (
        ("NCT06120491", "Spinal cord compression or brain metastases unless"),
        ("NCT06764875", "Spinal cord compression or brain metastases unless"),
        ("NCT06627647", "Brain metastases unless asymptomatic"),
    ):
        assert _answer(nct_id, start, ACTIVE).status == "met", nct_id


def test_off_or_weaned_off_a_drug_is_a_past_course() -> None:
    for note in ("Brain mets, off steroids.", "Brain mets. Weaned off dexamethasone 2 weeks ago."):
        present, _ = facts(note=note).concept_facts("corticosteroids")
        assert present and not any(f.current for f in present), note


def test_a_positive_csf_cytology_states_leptomeningeal_disease_and_a_negative_denies_it() -> None:
    for note, present, denied in (
        ("Metastatic breast cancer. CSF cytology positive for malignant cells.", True, False),
        ("Metastatic breast cancer. CSF cytology negative.", False, True),
        (
            "Metastatic breast cancer. CSF cytology: atypical cells, suspicious for malignancy.",
            False,
            False,
        ),
    ):
        found, absent = facts(note=note).concept_facts("leptomeningeal_disease")
        assert (bool(found), bool(absent)) == (present, denied), note
    assert facts(note="CSF cytology positive.").concept_facts("brain_metastases") == ([], [])


def test_leptomeningeal_involvement_names_the_disease() -> None:
    """ "Participants with symptomatic brain metastases (including leptomeningeal
    involvement)" (NCT06417814) names leptomeningeal disease: a note's LMD is read against it."""
    answer = _answer(
        "NCT06417814",
        "Participants with symptomatic brain metastases (including",
        "62F metastatic breast cancer with LMD diagnosed in May.",
    )
    assert "leptomeningeal involvement" in answer.reason, answer.reason
