"""What a note's whole treatment history rules out (issue 12; closed-treatment-histories).

A note that says the patient has had no treatment for the cancer in a patient's or a
family's words ("I haven't had any treatment yet", "She hasn't had any treatment for it
yet") says what "No treatment yet" says: no systemic therapy and no radiotherapy
(``note_no_treatment_phrases``), and no prior line (``note_no_line_phrases``). A
treatment-naive history also rules out the anti-cancer classes of WHO ATC group L01 the
denial lists did not name (anti-CD38 antibodies, BCMA-directed therapy, bevacizumab,
hypomethylating agents, brentuximab vedotin). Words of no treatment said of another
condition the sentence names ("Eczema: I haven't had any treatment for it") deny nothing.
Each criterion is a real one of the hand-written rounds.
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial, _criterion
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial
from trialfinder.patient import prior_line_count


def _answer(trial: str, start: str, note: str) -> tuple[str, str]:
    parsed = parse_trial_criteria(_any_trial(trial))
    found = _criterion(match_trial(parsed, facts(note=note)), start)
    return found.status, found.reason


@pytest.mark.parametrize(
    "sentence",
    [
        "I haven't had any treatment yet.",
        "She hasn't had any treatment for it yet.",
        "He has not had any treatment for it.",
    ],
)
def test_a_patient_saying_no_treatment_in_own_words_counts_no_prior_line(sentence: str) -> None:
    count = prior_line_count(sentence, [sentence])
    assert count is not None
    assert (count.low, count.high) == (0, 0)


@pytest.mark.parametrize(
    ("trial", "start", "note"),
    [
        (
            # NCT06282575 (round eighteen): "Prior treatment with a HER2-targeted agent".
            "NCT06282575",
            "Prior treatment with a HER2-targeted agent",
            "I have a bile duct cancer that is HER2 positive. I haven't had any treatment yet.",
        ),
        (
            # NCT02964858 (round nine): "Prior history of chemotherapy".
            "NCT02964858",
            "Prior history of chemotherapy",
            "I am 71 and have a diffuse large B-cell lymphoma, found last month. "
            "I haven't had any treatment for it yet.",
        ),
    ],
)
def test_a_patient_who_has_had_no_treatment_is_not_excluded_by_a_prior_systemic_therapy(
    trial: str, start: str, note: str
) -> None:
    status, reason = _answer(trial, start, note)
    assert status == "not_met", reason


def test_no_treatment_in_own_words_meets_no_prior_systemic_therapy_for_advanced_nsclc() -> None:
    """NCT06472076 (round twenty-three): "Has not received prior systemic therapy for their
    locally advanced or metastatic NSCLC"."""
    note = (
        "I'm 58 and never smoked. I have lung adenocarcinoma that has spread to my liver. "
        "I haven't had any treatment yet."
    )
    start = "Has not received prior systemic therapy for their locally advanced"
    status, reason = _answer("NCT06472076", start, note)
    assert status == "met", reason


def test_no_treatment_in_own_words_fails_at_least_one_prior_line() -> None:
    """NCT06346392 (round twenty): "Disease progression on or after at least one prior line of
    treatment (LoT) for advanced or metastatic disease …"."""
    note = (
        "I have a cancer where the gullet joins the stomach and it has spread to my liver. "
        "I haven't had any treatment yet; chemo is planned for next month."
    )
    status, reason = _answer("NCT06346392", "Disease progression on or after at least one", note)
    assert status == "not_met", reason


@pytest.mark.parametrize(
    ("trial", "start"),
    [
        # NCT05317416 (round seven) and NCT07030517 (round seventeen): BCMA-directed therapy,
        # ATC L01FX (belantamab mafodotin, teclistamab, elranatamab) and L01XL (ide-cel).
        ("NCT05317416", "Prior treatment with BCMA targeted therapy"),
        ("NCT07030517", "Received any prior B cell maturation antigen (BCMA)-directed therapy"),
    ],
)
def test_a_treatment_naive_myeloma_is_not_excluded_by_prior_bcma_directed_therapy(
    trial: str, start: str
) -> None:
    note = "IgG kappa multiple myeloma diagnosed 11/2026, treatment-naive."
    status, reason = _answer(trial, start, note)
    assert status == "not_met", reason


def test_a_treatment_naive_glioma_is_not_excluded_by_prior_bevacizumab() -> None:
    """NCT06016452 (round thirteen): "Prior treatment with bevacizumab" (ATC L01FG01)."""
    note = "Glioblastoma, IDH wild-type, resected 11/2026. No treatment given yet."
    status, reason = _answer("NCT06016452", "Prior treatment with bevacizumab", note)
    assert status == "not_met", reason


def test_no_treatment_said_of_another_condition_denies_no_chemotherapy() -> None:
    """ "I have eczema on my hands and haven't had any treatment for it": the words are said
    of the eczema the sentence names, not of the lymphoma named before."""
    note = (
        "I am 71 and have a diffuse large B-cell lymphoma, found last month. "
        "I have eczema on my hands and haven't had any treatment for it."
    )
    status, reason = _answer("NCT02964858", "Prior history of chemotherapy", note)
    assert status == "unknown", reason


def test_no_treatment_in_own_words_with_a_treatment_named_denies_nothing() -> None:
    """A note naming chemotherapy given keeps it: "I haven't had any treatment since" is of
    the relapse."""
    note = (
        "I had a diffuse large B-cell lymphoma treated with chemotherapy in 2022. It came back in "
        "October and I haven't had any treatment yet."
    )
    status, reason = _answer("NCT02964858", "Prior history of chemotherapy", note)
    assert status == "met", reason


def test_a_count_written_for_one_part_of_several_does_not_fail_the_criterion() -> None:
    """NCT05607199 (round twenty-two): "… for each of the respective parts of the study:
    Part 1: … at least 2 lines of therapy in the metastatic setting. Part 2A and 2B: … AML
    (… at least one line of previous therapy …) or … MDS …": a count under one part's heading
    is that part's alone (as "Group 2 - prior CPI: … more than 2 prior lines" of
    trialfinder.judging.cohort_scope); a patient with MDS and no treatment yet is not failed
    by the solid tumours' or the lymphomas' count."""
    note = (
        "I'm 66. I have myelodysplastic syndrome - my doctor says it is high risk, the IPSS-R "
        "score is 6. I haven't had any treatment for it other than the transfusions."
    )
    start = "Patients have to meet the following criteria for each of the respective parts"
    status, reason = _answer("NCT05607199", start, note)
    assert status != "not_met", reason
    assert status == "unknown", reason


def test_a_count_in_a_criterion_without_parts_still_fails_it() -> None:
    """NCT06346392 (round twenty): a single count, under no part's heading, fails as before."""
    note = "Gastric adenocarcinoma with liver metastases. I haven't had any treatment yet."
    status, reason = _answer("NCT06346392", "Disease progression on or after at least one", note)
    assert status == "not_met", reason
    assert "asked of the" not in reason, reason


@pytest.mark.parametrize(
    ("trial", "start", "note"),
    [
        (
            # NCT02964858 (round nine): "Prior history of chemotherapy".
            "NCT02964858",
            "Prior history of chemotherapy",
            "Diffuse large B-cell lymphoma, stage II. Radiotherapy to the neck 11/2026; "
            "no other treatment.",
        ),
        (
            # NCT06282575 (round eighteen): a HER2-targeted agent.
            "NCT06282575",
            "Prior treatment with a HER2-targeted agent",
            "HER2-positive cholangiocarcinoma with liver metastases. Gemcitabine and "
            "cisplatin since 10/2026, no other treatment.",
        ),
    ],
)
def test_no_other_treatment_closes_the_history_the_note_gives(
    trial: str, start: str, note: str
) -> None:
    """ "…; no other treatment": the treatments the note names are all the patient has had
    (``note_closed_history_phrases``), so a class it names no treatment of is denied."""
    status, reason = _answer(trial, start, note)
    assert status == "not_met", reason


def test_no_other_treatment_of_another_condition_closes_no_cancer_history() -> None:
    """ "Hypothyroidism on levothyroxine, no other treatment" speaks of the thyroid."""
    note = (
        "Metastatic ER-positive HER2-negative breast cancer, bone metastases. "
        "Hypothyroidism on levothyroxine, no other treatment."
    )
    start = "Prior treatment with CDK4/6 inhibitors in the metastatic setting"
    status, reason = _answer("NCT04862663", start, note)
    assert status == "unknown", reason


@pytest.mark.parametrize(
    "note",
    [
        "Diffuse large B-cell lymphoma, stage II. ECX x3 then radiotherapy to the neck 11/2026; "
        "no other treatment.",
        "Diffuse large B-cell lymphoma, stage II. CTD then radiotherapy 11/2026; no other "
        "treatment.",
    ],
)
def test_a_closed_history_naming_a_regimen_nothing_reads_denies_no_chemotherapy(
    note: str,
) -> None:
    """ "ECX x3 then radiotherapy …; no other treatment": the history is complete, but its
    regimen ("ECX", "CTD") is one nothing reads, and a regimen is chemotherapy more often than
    not, so the note does not say the patient never had chemotherapy (NCT02964858, round nine:
    "Prior history of chemotherapy")."""
    status, reason = _answer("NCT02964858", "Prior history of chemotherapy", note)
    assert status != "not_met", reason
