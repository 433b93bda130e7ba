"""A lead-in asking for "any of the below" opens an OR group (issue 12 item 3): NCT03788213's
"Patients after mastectomy if any of the below: - T3 - T4 tumors - more than 3 axillary lymph
nodes - T0-T2 tumor with 0 - 3 axillary lymph nodes with a Cambridge Score of 3 or more." was
read as asking all three, so a pT3 tumour failed it on the third item's "T0-T2". Found by the
notes bench of the twenty-eighth session (fresh12's post-mastectomy radiotherapy note)."""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _round_criterion
from trialfinder.criteria import parse_trial_criteria

_AFTER_MASTECTOMY = "Patients after mastectomy if any of the below"


def test_any_of_the_below_opens_a_group_of_alternatives() -> None:
    parsed = parse_trial_criteria(_any_trial("NCT03788213"))
    lead = next(c for c in parsed.criteria if c.text.startswith(_AFTER_MASTECTOMY))
    assert lead.group == "any"


def test_a_pt3_tumour_is_not_failed_by_an_alternative_it_does_not_take() -> None:
    note = (
        "48F. Left MRM + ANC 4 months ago: IDC grade 3, 5.6 cm, 6/15 nodes positive. pT3 pN2a M0."
    )
    assert _round_criterion("NCT03788213", _AFTER_MASTECTOMY, note, 48, "female") != "not_met"
