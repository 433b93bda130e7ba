"""Issue 12 (drugs-four): a criterion that writes the use and its window before the drugs.

"Use within the past 12 months of finasteride (Proscar or Propecia), dutasteride (Avodart),
testosterone, or drugs that can block the action of male hormones" (NCT00056407): the window
comes before the drugs, so reading it back onto the concepts written before it found none and
the drugs were read as untimed. A use word right before the window ("use", "exposure",
"treatment") and a drug right after its "of"/"to"/"with" make the window every drug's the
clause lists after it. "Use" is no current use: a use stopped inside the window meets it.
"use within 3 days of surgery" names the event the window counts from, not a drug, and keeps
today's reading. Real criteria of ``../shared/data``.
"""

from __future__ import annotations

from test_criteria_elided_names import legacy_criterion
from test_criteria_stable_dose_windows import window_read, windows_of
from test_judge_entailment import facts
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import judge

_FINASTERIDE = "Use within the past 12 months of finasteride"


def test_a_window_written_before_the_drugs_is_each_drugs_window() -> None:
    criterion = legacy_criterion("NCT00056407", _FINASTERIDE)
    assert window_read(criterion, "finasteride") == ("recency", "<=", 365)
    assert window_read(criterion, "dutasteride") == ("recency", "<=", 365)


def test_brand_names_read_as_their_five_alpha_reductase_inhibitor() -> None:
    criterion = legacy_criterion("NCT00056407", _FINASTERIDE)
    assert set(windows_of(criterion)) >= {"finasteride", "dutasteride"}
    constraints, _ = parse_criterion("Use of 5-alpha reductase inhibitors", "exclusion")
    assert [c.concept for c in constraints] == ["five_alpha_reductase_inhibitor"]  # type: ignore[union-attr]


def test_a_use_stopped_inside_the_window_meets_it() -> None:
    criterion = legacy_criterion("NCT00056407", _FINASTERIDE)
    note = "58M, BPH, TURP 2021. Dutasteride stopped 4 months ago."
    judgement = judge(criterion, facts(age=58, sex="male", note=note))
    assert judgement.status == "met", judgement.reason


def test_a_family_member_taken_meets_the_family() -> None:
    constraints, _ = parse_criterion("Use of 5-alpha reductase inhibitors", "exclusion")
    assert constraints
    criterion = legacy_criterion("NCT00056407", _FINASTERIDE)
    note = "66M, BPH on finasteride 5 mg daily."
    assert judge(criterion, facts(age=66, sex="male", note=note)).status == "met"


def test_a_window_counted_from_an_event_stays_off_the_event() -> None:
    constraints, _ = parse_criterion("use within 3 days of surgery", "exclusion")
    assert [(c.concept, c.window) for c in constraints] == [("surgery", None)]  # type: ignore[union-attr]


def test_a_use_stopped_before_the_window_does_not_meet_it() -> None:
    criterion = legacy_criterion("NCT00056407", _FINASTERIDE)
    note = "70M, BPH. Finasteride stopped 3 years ago."
    assert judge(criterion, facts(age=70, sex="male", note=note)).status != "met"
