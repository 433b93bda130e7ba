"""Issue 12 item 1: a treatment the note gives for another indication does not meet one asked
for a stated indication.

"Receiving either buprenorphine or methadone for treatment of opioid use disorder for at
least 3 consecutive months" (NCT05480072) asks for methadone taken for opioid use disorder; a
note's "methadone for chronic pain" names the drug but for another reason, so the answer is
unknown (the coordinator may know more), with a reason naming both indications. The same
indication, a narrower one (a MeSH descendant) or none stated keeps the answer the treatment
alone gives. The note's "X for Y", "X (for Y)", "on X for her Y" is read once, with the
patient's facts. Real criteria of ``../shared/data``.
"""

from __future__ import annotations

from test_criteria_elided_names import legacy_criterion
from test_judge_entailment import facts
from test_judge_general import criterion_of
from trialfinder.indication import criterion_indication
from trialfinder.match import judge

_OPIOID_TREATMENT = ("NCT05480072", "Receiving either buprenorphine or methadone")
_ASTHMA_STEROIDS = ("NCT04912596", "History of receiving muscarinic")


def test_the_note_reads_what_a_treatment_is_taken_for() -> None:
    for note, words in (
        ("27F, on methadone for chronic pain for 6 months.", "chronic pain"),
        (
            "27F, methadone 60 mg daily (for chronic back pain) since last year.",
            "chronic back pain",
        ),
        ("62M, on metoprolol for his hypertension.", "hypertension"),
    ):
        read = [f.indication for f in facts(note=note).facts if f.indication is not None]
        assert [i.words for i in read] == [words], note


def test_a_duration_after_for_is_no_indication() -> None:
    note = "27F, opioid use disorder, on methadone for 6 weeks."
    assert all(f.indication is None for f in facts(note=note).facts)


def test_a_treatment_given_for_another_indication_is_unknown() -> None:
    criterion = legacy_criterion(*_OPIOID_TREATMENT)
    note = "27F, on methadone for chronic pain for 6 months."
    judgement = judge(criterion, facts(age=27, sex="female", note=note))
    assert judgement.status == "unknown", judgement.reason
    assert "the note gives methadone for chronic pain" in judgement.reason
    assert "opioid use disorder" in judgement.reason


def test_a_treatment_given_for_the_same_indication_keeps_its_answer() -> None:
    criterion = legacy_criterion(*_OPIOID_TREATMENT)
    note = "27F, on methadone for opioid use disorder for 6 months."
    assert judge(criterion, facts(age=27, sex="female", note=note)).status == "met"


def test_an_exclusion_for_a_treatment_given_for_another_indication_is_unknown() -> None:
    """ "Systemic corticosteroid for treatment of asthma within 6 months": prednisone for
    rheumatoid arthritis is a corticosteroid, but not taken for asthma."""
    criterion = criterion_of(*_ASTHMA_STEROIDS)
    note = "45F, asthma; prednisone for rheumatoid arthritis 1 month ago."
    judgement = judge(criterion, facts(age=45, sex="female", note=note))
    assert judgement.status == "unknown", judgement.reason
    assert "rheumatoid arthritis" in judgement.reason and "asthma" in judgement.reason


def test_a_narrower_indication_keeps_its_answer() -> None:
    criterion = criterion_of(*_ASTHMA_STEROIDS)
    note = "45F, prednisone for exercise-induced asthma 1 month ago."
    assert judge(criterion, facts(age=45, sex="female", note=note)).status == "met"


def test_an_indication_written_as_other_diseases_names_none() -> None:
    """NCT05949684 "therapy-related MDS after chemotherapy or radiotherapy for other
    diseases": "other diseases" names no particular indication, so chemotherapy for breast
    cancer is not another one."""
    note = "Therapy-related MDS after chemotherapy for breast cancer."
    criterion = "therapy-related MDS after chemotherapy or radiotherapy for other diseases"
    assert criterion_indication(criterion, "chemotherapy") is None
    read = [f.indication for f in facts(note=note).facts if f.indication is not None]
    assert [i.words for i in read] == ["breast cancer"]
