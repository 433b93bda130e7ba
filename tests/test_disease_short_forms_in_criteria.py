"""Issue 12 (inclusions the parse read nothing from): a disease's short form in a criterion.

The vocabulary reads a disease named by a short form alone where the short form is one of
``note_disease_abbreviations`` (``data/screening_rules.json``: "DLBCL", "TNBC", "PDAC", …),
in a note and in a criterion alike (``patient.disease_mentions``). The criterion's reading then
went nowhere: the MeSH descriptor a criterion's words name (``criterion_words.
criterion_descriptors``) refused every abbreviation reading, so "Patients who have histologically
confirmed TNBC." (NCT06189209) and "metastatic or advanced PDAC" (NCT05380414) were "not
computable" even beside a note naming the disease. Those short forms now name their
descriptor there too; any other abbreviation still does not (it is too ambiguous to stand
alone).
"""

from __future__ import annotations

from test_judge_entailment import facts
from trialfinder.evaluate import criterion_from_text
from trialfinder.judging.criterion_words import criterion_descriptors
from trialfinder.match import judge


def test_a_listed_disease_short_form_names_its_descriptor_in_a_criterion() -> None:
    assert criterion_descriptors("mesh:D016403", "DLBCL") == ("D016403",)
    # Written in small letters it is no listed short form: nothing is read.
    assert criterion_descriptors("mesh:D016403", "dlbcl") == ()


def _answer(text: str, note: str, sex: str) -> tuple[str, str]:
    judgement = judge(
        criterion_from_text(text, "inclusion"),
        facts(note=note, age=55, sex=sex),
        record_is_complete=True,
    )
    return judgement.status, judgement.reason


def test_a_tnbc_inclusion_is_met_by_a_triple_negative_breast_cancer() -> None:
    """NCT06189209's "Patients who have histologically confirmed TNBC." for a note naming
    metastatic triple-negative breast cancer (round twenty-four's patient): met."""
    note = (
        "De novo metastatic triple-negative breast cancer (ER 0%, PR 0%, HER2 0) with liver "
        "and bone metastases, liver biopsy confirmed."
    )
    status, reason = _answer("Patients who have histologically confirmed TNBC.", note, "female")
    assert status == "met", reason


def test_a_pdac_inclusion_reads_a_note_naming_pdac() -> None:
    """NCT05380414's "metastatic or advanced PDAC" for a note naming PDAC: the PDAC is read
    (no longer "not computable"); the extent is still the study team's."""
    note = "Metastatic PDAC to the liver, on gemcitabine."
    status, reason = _answer("metastatic or advanced PDAC", note, "male")
    assert status != "not_met", reason
    assert "not computable" not in reason, reason


def test_no_previous_cancer_denies_no_tnbc_the_note_names_otherwise() -> None:
    """Round twenty-four's "de novo metastatic triple-negative breast cancer" note says "No
    previous cancer." beside its breast cancer (ER 0, PR 0, HER2 0): a denial of a past
    cancer, not of the present one (``denies_only_others`` of a cancer). NCT06189209's
    "Patients who have histologically confirmed TNBC." is never not met by it."""
    note = (
        "R breast IDC grade 3 with lung and supraclavicular nodal metastases, ER 0%, PR 0%, "
        "HER2 0. No previous cancer."
    )
    status, reason = _answer("Patients who have histologically confirmed TNBC.", note, "female")
    assert status != "not_met", reason
