"""Resectability is a cancer's qualifier, read on both sides.

"Locally advanced, unresectable Stage III NSCLC" (NCT05419375) asks two things of the lung
cancer; the parse read neither word and the judge met it on the cancer and its stage alone. A
coordinator reads a note's "resectable" or "s/p R0 lobectomy" as not meeting "unresectable",
and a note silent on resectability as leaving it to the study team (unknown, naming it; never
met). The words are data (``concept_qualifiers`` of ``cancer`` in
``data/screening_rules.json``); the criteria are real registry text (``../shared``).
"""

from __future__ import annotations

from test_brain_metastasis_qualifiers import _answer

UNRESECTABLE_STAGE_III = ("NCT05419375", "Locally advanced, unresectable Stage III NSCLC")


def test_a_resected_or_resectable_cancer_does_not_meet_unresectable() -> None:
    for note in (
        "62F NSCLC stage IIIA, s/p R0 lobectomy.",
        "62F locally advanced NSCLC, stage IIIB, resectable.",
        "62F locally advanced NSCLC, stage IIIB, borderline resectable.",
    ):
        answer = _answer(*UNRESECTABLE_STAGE_III, note)
        assert answer.status == "not_met", (note, answer.reason)
        assert "unresectable" in answer.reason


def test_a_note_silent_on_resectability_leaves_unresectable_unknown_naming_it() -> None:
    answer = _answer(*UNRESECTABLE_STAGE_III, "62F locally advanced NSCLC (adenocarcinoma).")
    assert answer.status == "unknown", answer.reason
    assert "needs advanced and unresectable nsclc" in answer.reason


def test_commas_alone_list_qualifiers_the_cancer_needs_all_of() -> None:
    """ "Locally advanced, unresectable" is both; "unresectable or metastatic" either."""
    answer = _answer(
        "NCT05170204",
        "Histologically or cytologically documented locally advanced, unresectable",
        "62F locally advanced NSCLC (adenocarcinoma).",
    )
    assert "advanced and unresectable" in answer.reason, answer.reason
    metastatic = _answer(
        "NCT04613596",
        "Phase 2: Histologically confirmed diagnosis of unresectable",
        "62F metastatic NSCLC, KRAS G12C, liver metastases.",
    )
    assert "unresectable" not in metastatic.reason, metastatic.reason


def test_unresectable_and_inoperable_state_each_other() -> None:
    """A note's "medically inoperable" or "not a candidate for curative resection" leaves
    nothing of "unresectable" to ask."""
    for note in (
        "62F locally advanced NSCLC, stage IIIB, deemed unresectable at tumour board.",
        "62F locally advanced NSCLC, stage IIIB, medically inoperable due to COPD.",
        "62F locally advanced NSCLC, stage IIIB, not a candidate for curative resection.",
        "62F locally advanced NSCLC, stage IIIB, not amenable to curative surgery.",
    ):
        answer = _answer(*UNRESECTABLE_STAGE_III, note)
        assert "the criterion needs" not in answer.reason, (note, answer.reason)
        assert answer.status != "not_met", note
