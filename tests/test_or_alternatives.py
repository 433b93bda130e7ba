"""Issue 12 (must-be-true 3): a criterion written as alternatives is met when one is met.

"Currently receiving an immunosuppressive therapy (IST) for MG, or documented reason why the
patient is not taking an IST per investigator" asks one of two full requirements; a patient on
mycophenolate meets the first, so the second, which the parser does not read, cannot stop the
criterion being met. An "or" splits a criterion into alternatives only at clause level (after a
comma or semicolon, or a capitalised "OR"), never inside one phrase ("with or without",
"and/or", "hepatitis B or C", "1 or 2") nor at the last item of a comma list. Criteria are real
(../shared/data, the API v2 studies).
"""

from __future__ import annotations

from test_histology_subtypes import _criterion, _judged

# NCT05070858, an inclusion of two clause-level alternatives, the second unread.
IST = ("NCT05070858", "Currently receiving an immunosuppressive therapy (IST) for MG")


def test_one_clause_alternative_met_meets_the_inclusion() -> None:
    note = "Generalised myasthenia gravis. Current medications: mycophenolate mofetil 1 g bd."
    found = _criterion(*IST, note)
    assert found.status == "met", found.reason


def test_a_comma_list_is_not_split_at_its_last_item() -> None:
    """ "A, B, or C for 3 months": the words after the last "or" qualify every item."""
    text = (
        "Receiving azathioprine, mycophenolate, or tacrolimus at a stable dose for at least "
        "3 months before screening"
    )
    found = _judged(text, "Myasthenia gravis on mycophenolate 1 g twice daily since 2021.")
    assert found.status != "met", found.reason


def test_an_or_inside_one_phrase_is_not_a_clause_split() -> None:
    """Split at "or", "Currently receiving immunosuppressive therapy with" would be met alone;
    read whole, the stable dose for 3 months is still asked of a drug started last month.
    (Its earlier text ended "… per investigator": that framing now asks nothing, so the
    whole phrase is rightly met there and no longer tells a split from none.)"""
    text = (
        "Currently receiving immunosuppressive therapy with or without steroids at a stable dose "
        "for at least 3 months before screening"
    )
    found = _judged(text, "Myasthenia gravis; mycophenolate 1 g twice daily started last month.")
    assert found.status != "met", found.reason


def test_a_failed_alternative_beside_an_unread_one_leaves_the_inclusion_unknown() -> None:
    """Issue 12: an OR group is not met only when every item is not met. A patient on no
    immunosuppressant fails the first alternative, but "documented reason why the patient is
    not taking an IST per investigator", which nothing reads, may still hold."""
    note = "Generalised myasthenia gravis. Takes pyridostigmine only; never on immunosuppressants."
    found = _criterion(*IST, note)
    assert found.status == "unknown", found.reason
