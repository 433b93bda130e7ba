"""Issue 12 item 4: a treatment's time is the treatment's, not its indication's.

"Receiving either buprenorphine or methadone for treatment of opioid use disorder for at
least 3 consecutive months prior to enrollment" (NCT05480072): the three months say how long
the treatment has been taken; opioid use disorder is named as what the treatment is for, so
the time does not date the disorder (a note that does not date the disorder would otherwise
leave a patient on methadone for 6 weeks unknown). A condition written as a treatment's
indication ("for (the) treatment of X", "for X" right after the treatment) takes none of the
treatment's window. Real criteria of ``../shared/data``.
"""

from __future__ import annotations

from test_criteria_elided_names import legacy_criterion
from test_criteria_stable_dose_windows import window_read, windows_of
from test_judge_entailment import facts
from test_judge_general import criterion_of
from trialfinder.match import judge


def test_a_condition_named_as_what_a_treatment_is_for_takes_none_of_its_window() -> None:
    criterion = legacy_criterion("NCT05480072", "Receiving either buprenorphine or methadone")
    assert window_read(criterion, "opioids") == ("recency", ">=", 91)
    assert windows_of(criterion)["opioid_use_disorder"] is None


def test_a_treatment_taken_too_short_for_its_indication_is_not_met() -> None:
    criterion = legacy_criterion("NCT05480072", "Receiving either buprenorphine or methadone")
    note = "27F, opioid use disorder, on methadone for 6 weeks."
    judgement = judge(criterion, facts(age=27, sex="female", note=note))
    assert judgement.status == "not_met", judgement.reason


def test_a_condition_a_treatment_is_for_does_not_exclude_alone() -> None:
    """NCT04912596 "History of receiving … systemic corticosteroid for treatment of asthma
    within 6 months prior to screening": the six months date the treatment; an asthmatic
    patient who took none is not excluded for having asthma, even asthma diagnosed two
    months ago; one who took prednisone for it last month is."""
    criterion = criterion_of("NCT04912596", "History of receiving muscarinic")
    assert windows_of(criterion)["asthma"] is None
    untreated = "45F, asthma diagnosed 2 months ago, on salbutamol."
    assert judge(criterion, facts(age=45, sex="female", note=untreated)).status != "met"
    treated = "45F, asthma; prednisone course for an exacerbation 1 month ago."
    assert judge(criterion, facts(age=45, sex="female", note=treated)).status == "met"
