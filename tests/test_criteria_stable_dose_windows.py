"""Issue 12 item 1: a time after "stable dose … for" measures how long the dose has been stable.

"A history of hypothyroidism and treatment with a stable dosage of thyroid replacement
medication for <6 months prior to Screening" (NCT00739908): the "< 6 months" is how long the
dose has been stable, asked of the treatment; it does not date the hypothyroidism, so a
patient hypothyroid since 2019 is not excluded as "hypothyroid within 6 months" (round five's
over-read). The time is a ``stable`` window: a treatment named with the stable dose is judged
by how long it has been taken, a condition is left to the study team. Real criteria of
``../shared/data``.
"""

from __future__ import annotations

from test_criteria_elided_names import legacy_criterion
from test_judge_entailment import facts
from test_judge_general import criterion_of
from trialfinder.criteria import Criterion
from trialfinder.criteria.model import ConceptMention, TimeWindow
from trialfinder.match import judge


def windows_of(criterion: Criterion) -> dict[str, TimeWindow | None]:
    return {c.concept: c.window for c in criterion.constraints if isinstance(c, ConceptMention)}


def window_read(criterion: Criterion, concept: str) -> tuple[str, str, int]:
    """The kind, comparator and days (rounded) of a concept's window."""
    window = windows_of(criterion)[concept]
    assert window is not None
    return window.kind, window.comparator, round(window.days)


def test_a_stable_dose_window_does_not_date_the_condition_it_treats() -> None:
    criterion = legacy_criterion("NCT00739908", "A history of hypothyroidism and treatment")
    assert window_read(criterion, "hypothyroidism") == ("stable", "<", 183)


def test_a_condition_stable_on_its_treatment_keeps_its_own_time() -> None:
    """NCT05296798 "HIV positive … stable on anti-retroviral therapy for ≥4 weeks, …, no
    history of AIDS-defining opportunistic infections within 12 months": "stable on" says the
    condition is stable on its treatment (round six: HIV since 2012 on Biktarvy meets the
    exception), not how long a dose has been kept; the later time dates the infections."""
    criterion = criterion_of("NCT05296798", "Concurrent, serious, uncontrolled infections")
    kinds = {
        c.window.kind for c in criterion.constraints if isinstance(c, ConceptMention) and c.window
    }
    assert kinds == {"duration", "recency"}


def test_a_treatment_on_a_stable_dose_for_a_time_has_lasted_that_time() -> None:
    criterion = criterion_of("NCT05813288", "Documented treatment with a stable dose")
    assert window_read(criterion, "corticosteroids") == ("stable", ">=", 91)


def test_hypothyroidism_treated_for_years_is_not_a_stable_dose_of_under_six_months() -> None:
    """Round five #64: stable on levothyroxine since 2019 is not excluded."""
    criterion = legacy_criterion("NCT00739908", "A history of hypothyroidism and treatment")
    note = "Hypothyroid on levothyroxine 75 mcg since 2019, stable."
    judgement = judge(criterion, facts(age=34, sex="female", note=note))
    assert judgement.status == "unknown", judgement.reason


def _stable_on_a_regime() -> Criterion:
    """Round twenty-six, NCT05703256: "unmedicated OR are stable on an antidepressant regime
    (at least 4 weeks to ensure symptoms are stable)"."""
    from test_hand_written_patients import _any_trial
    from trialfinder.criteria import parse_trial_criteria

    for criterion in parse_trial_criteria(_any_trial("NCT05703256")).criteria:
        if criterion.text.startswith("unmedicated OR are stable on"):
            return criterion
    raise AssertionError("NCT05703256")


def test_a_dose_unchanged_for_months_is_stable_on_the_regime_for_at_least_4_weeks() -> None:
    """Round twenty-six: "Sertraline 100 mg od, dose unchanged for 3 months" is on the
    antidepressant for three months, not "current, not ended" against a wash-out (which had
    made it not met); the parenthesised window after "stable on …" is how long the regime
    has been taken. The trial's own statements after it ("to ensure symptoms are stable",
    "Effective medications will not be discontinued …") stay with the study team: no rule
    is written for one trial's wording."""
    for note in (
        "Sertraline 100 mg od, dose unchanged for 3 months, no other medication.",
        "On sertraline 100 mg, on the same dose since March.",
    ):
        judgement = judge(_stable_on_a_regime(), facts(age=29, sex="female", note=note))
        assert judgement.status == "unknown", (note, judgement.reason)
        assert "criterion duration at least 4 weeks" in judgement.reason, judgement.reason
        assert "current, not ended" not in judgement.reason, judgement.reason


def test_a_regime_started_two_weeks_ago_is_not_stable_for_at_least_4_weeks() -> None:
    note = "Started sertraline 50 mg two weeks ago."
    judgement = judge(_stable_on_a_regime(), facts(age=47, sex="male", note=note))
    assert judgement.status == "not_met", judgement.reason
    assert "for about 14 days" in judgement.reason
