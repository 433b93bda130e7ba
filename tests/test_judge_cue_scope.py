"""Issue 12: a cue or a list's mark reaches only as far as it is written to.

A denial inside brackets ends at the bracket's close; the item "with or without" allows
ends at the list's next separator, and its "or" joins no alternatives. Criteria are real
(../shared/data API v2 studies), the notes written for each case.
"""

from __future__ import annotations

from test_judge_entailment import facts, v2_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import ConceptMention, Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.judging.alternatives import alternative_spans
from trialfinder.judging.mention_scope import judged_in
from trialfinder.match import Judgement, judge

_TUMOUR_NOTE = (
    "A 54-year-old woman with HER2-positive metastatic breast cancer on induction therapy. "
    "CT shows a tumor in the liver."
)


def _real(nct_id: str, opening: str) -> str:
    criteria = list(parse_trial_criteria(v2_trial(nct_id)).criteria)
    while criteria:
        criterion = criteria.pop()
        criteria.extend(criterion.children)
        if criterion.text.startswith(opening):
            return criterion.text
    raise AssertionError(opening)


def _judged_whole(text: str, section: str, note: str) -> Judgement:
    constraints, complete = parse_criterion(text, section)  # type: ignore[arg-type]
    criterion = Criterion("C", section, text, constraints=constraints, complete=complete)  # type: ignore[arg-type]
    return judge(criterion, facts(note=note), record_is_complete=True)


def test_a_denial_inside_brackets_denies_nothing_after_them() -> None:
    """NCT05296798: "(i.e., did not experience PD) according to RECIST v1.1 at the last
    tumor assessment" — the "did not" said what stable disease means; a patient with a
    tumour was "not met: criterion requires no tumor". The tumour assessed is a test, not a
    condition asked, so the criterion is the study team's."""
    text = _real("NCT05296798", "Achieve a minimum of stable disease")
    judgement = _judged_whole(text, "inclusion", _TUMOUR_NOTE)
    assert judgement.status == "unknown"
    assert "requires no tumor" not in judgement.reason


def test_the_item_with_or_without_allows_ends_at_the_list_s_separator() -> None:
    """NCT05296798: "adjuvant anti-HER2 therapy (such as trastuzumab, with or without
    pertuzumab [IV, SC, or fixed-dose combination], or ado-trastuzumab emtansine, or
    neratinib)" — written with the lexicon's chemotherapies: the item after the list's next
    comma is asked as the list's own, not allowed either way."""
    text = (
        "Disease progression within 6 months of receiving adjuvant chemotherapy (such as "
        "paclitaxel, with or without carboplatin [IV, weekly, or every 3 weeks], or "
        "gemcitabine, or capecitabine)"
    )
    constraints, _ = parse_criterion(text, "exclusion")
    mentions = {c.text: c for c in constraints if isinstance(c, ConceptMention)}
    assert mentions["carboplatin"].negated
    assert not judged_in(text, True, mentions["carboplatin"])
    for item in ("gemcitabine", "capecitabine"):
        assert not mentions[item].negated
        assert judged_in(text, True, mentions[item])


def test_the_or_of_with_or_without_joins_no_alternatives() -> None:
    """NCT05774951: "locoregional therapy (surgery with or without radiotherapy) for the
    primary breast tumour(s)" offers the surgery no alternative in the tumour: a patient
    with benign colonic adenomas (a kind of tumour) does not meet it."""
    text = _real("NCT05774951", "Completed adequate (definitive) locoregional therapy")
    constraints, _ = parse_criterion(text, "inclusion")
    asked = [c for c in constraints if isinstance(c, ConceptMention) and c.text != "radiotherapy"]
    assert alternative_spans(text, [c for c in asked if c.text in ("surgery", "tumour")]) is None
    note = (
        "A 21-year-old man undergoes sigmoidoscopy and is found to have dozens of small "
        "colonic polyps. Several of these are biopsied and are all benign adenomas."
    )
    assert _judged_whole(text, "inclusion", note).status == "unknown"


def test_a_treatment_named_with_an_optional_companion_is_still_read() -> None:
    """ "Prior treatment with trastuzumab ± pertuzumab" parsed to nothing: the HER2-directed
    medicines were not in the lexicon. The treatment is read ("prior trastuzumab"), the
    companion the "±" allows is not asked, and the family ("a HER2-targeted agent") is met
    by a member."""
    text = "Prior treatment with trastuzumab ± pertuzumab"
    constraints, _ = parse_criterion(text, "inclusion")
    read = {c.concept: c for c in constraints if isinstance(c, ConceptMention)}
    assert read["trastuzumab"].historical and not read["trastuzumab"].negated
    assert judged_in(text, False, read["trastuzumab"])
    assert not judged_in(text, False, read["pertuzumab"])
    treated = (
        "A 50-year-old woman with HER2-positive breast cancer treated with trastuzumab in 2022."
    )
    never = (
        "A 50-year-old woman with HER2-positive breast cancer. She has never received trastuzumab."
    )
    assert _judged_whole(text, "inclusion", treated).status == "met"
    assert _judged_whole(text, "inclusion", never).status == "not_met"
    family = "Prior treatment with a HER2-targeted agent"
    t_dm1 = "A 50-year-old woman with breast cancer previously treated with T-DM1."
    assert _judged_whole(family, "inclusion", t_dm1).status == "met"
