"""A reason names a criterion's window once: a window whose own text opens with "within" is
not written "within within" after a course the patient is on now."""

from __future__ import annotations

from test_judge_entailment import facts, judged


def test_a_current_course_names_a_within_window_once() -> None:
    """NCT03983954 'Prior treatment with chemotherapy or other systemic antineoplastic therapy
    within 21 days' against a note of chemotherapy going on now: the reason said "current,
    within within 21 days"."""
    answer = judged(
        "Prior treatment with chemotherapy within 21 days before the first dose of study drug",
        "exclusion",
        facts(age=60, sex="female", note="Currently on chemotherapy (carboplatin, cycle 3)."),
    )
    assert "within within" not in answer.reason, answer.reason
    assert "within 21 days" in answer.reason, answer.reason
