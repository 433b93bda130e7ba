"""Issue 12, twenty-seventh session (general-medicine criteria read of nothing): a GI bleed
is a condition the criteria lexicon reads.

NCT00711542 "GI bleeding within the last 3 months" (API v2 studies, ``../shared/data``) was
read of nothing, so a note with a GI bleed last month was "not excluded" by it. "GI
bleeding" is MeSH Gastrointestinal Hemorrhage (D006471), written short as notes write it.
"""

from __future__ import annotations

from test_judge_entailment import facts
from test_judge_general import criterion_of
from trialfinder.match import judge

BLED = "A 64-year-old man with a duodenal ulcer. He had an upper GI bleed last month."
MIGRAINE = "A 30-year-old woman with migraine."


def status(nct_id: str, opening: str, note: str) -> str:
    criterion = criterion_of(nct_id, opening)
    return judge(criterion, facts(note=note), record_is_complete=True).status


def test_a_gi_bleed_last_month_meets_gi_bleeding_within_3_months() -> None:
    assert status("NCT00711542", "GI bleeding within", BLED) == "met"
    assert status("NCT00711542", "GI bleeding within", MIGRAINE) == "not_met"
