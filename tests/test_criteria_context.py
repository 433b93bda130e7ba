"""The context stage: cue data validated on load; scope in words, direction, clause breaks."""

from __future__ import annotations

import msgspec
import pytest

from trialfinder.criteria.context import (
    ContextRules,
    clause_bounds,
    context_at,
    either_way_at,
    load_context_rules,
    value_clause_bounds,
)
from trialfinder.criteria.parse import analyse_text


def _rules(**rule: object) -> bytes:
    base = {"category": "negation", "direction": "forward", "scope_words": 3, "phrases": ["no"]}
    return msgspec.json.encode(
        {"version": "t", "description": "", "terminators": [], "rules": [{**base, **rule}]}
    )


@pytest.mark.parametrize(
    "rule",
    [
        {"scope_words": 0},
        {"scope_words": 500},
        {"phrases": []},
        {"phrases": ["Denies"]},
        {"direction": "sideways"},
        {"category": "rumour"},
        {"window_chars": 25},
    ],
)
def test_invalid_cue_data_is_refused_on_load(rule: dict[str, object]) -> None:
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(_rules(**rule), type=ContextRules)


def test_shipped_cue_data_loads() -> None:
    categories = {rule.category for rule in load_context_rules().rules}
    assert {"negation", "history", "hypothetical"} <= categories


def _context(text: str, mention: str) -> frozenset[str]:
    start = text.index(mention)
    return context_at(text, start, start + len(mention))


def test_forward_cue_reaches_within_its_scope_and_clause() -> None:
    assert "negation" in _context("No history of diabetes", "diabetes")
    assert "history" in _context("No history of diabetes", "diabetes")
    assert "negation" not in _context("No fever. Diabetes", "Diabetes")
    assert "negation" not in _context("No fever but diabetes", "diabetes")


def test_backward_cue_reaches_only_a_few_words() -> None:
    assert "negation" in _context("Hepatitis B test was negative", "Hepatitis B")
    assert "negation" not in _context(
        "Diabetes with many other long findings later negative", "Diabetes"
    )


def test_a_wish_is_hypothetical() -> None:
    assert "hypothetical" in _context("Women who desire pregnancy within 12 months", "pregnancy")
    assert "hypothetical" not in _context("Current pregnancy", "pregnancy")


def test_an_abbreviation_s_period_ends_no_clause_for_a_value() -> None:
    # "creatinine clearance (CrCl), i.e. < 30 mL/min" (Chia NCT02858180): "i.e." and "e.g."
    # introduce what the quantity is; a sentence's full stop still ends the clause. Context
    # scopes and time windows keep every period as a break.
    text = "Severe renal impairment creatinine clearance (CrCl), i.e. < 30 mL/min. Next, e.g. this"
    assert value_clause_bounds(text) == [0, text.index(" Next")]
    assert clause_bounds(text) == [0, text.index(" <"), text.index(" Next"), text.index(" this")]


@pytest.mark.parametrize(
    ("text", "either_way"),
    [
        ("induction, [with or without] hematopoietic stem cell transplant", True),
        ("induction, with and without stem cell transplant", True),
        ("induction without stem cell transplant", False),
        ("induction, with or without maintenance, and no stem cell transplant", False),
    ],
)
def test_the_without_of_with_or_without_says_neither_way(text: str, either_way: bool) -> None:
    """ "with or without" allows both: its "without" is no denial of what follows; a
    "without" or another denial of its own still denies."""
    start = text.index("transplant")
    assert either_way_at(text, start, start + len("transplant")) is either_way


@pytest.mark.parametrize(
    ("text", "mention", "category"),
    [
        # NCT05296798: "(i.e., did not experience PD)" says what stable disease means; the
        # tumour assessed after the bracket is not denied.
        (
            "Achieve a minimum of stable disease (SD) (i.e., did not experience PD) according "
            "to RECIST v1.1 at the last tumor assessment",
            "tumor",
            "negation",
        ),
        ("Stable disease [no new lesions] after docetaxel", "docetaxel", "negation"),
        ("Measurable disease [not previously irradiated] in the liver", "liver", "history"),
        (
            "Breast cancer (family history of ovarian cancer allowed) in the patient",
            "patient",
            "family",
        ),
        ("Liver metastases (patients who plan surgery) or ascites", "ascites", "hypothetical"),
    ],
)
def test_a_cue_inside_brackets_ends_at_the_bracket_s_close(
    text: str, mention: str, category: str
) -> None:
    """A cue opened inside "(…)" or "[…]" (``scope_brackets``) modifies the words of its
    bracket only, as medspaCy's scope ends at a terminator."""
    assert category not in _context(text, mention)


def test_a_cue_outside_brackets_still_reaches_into_and_past_them() -> None:
    """A cue before the bracket reaches its words and the words after it; a bracket that
    holds only the cue ("[with or without] maintenance") marks the words after it."""
    assert "negation" in _context("No prior (adjuvant) chemotherapy", "chemotherapy")
    assert "negation" in _context("No evidence of disease (NED) or metastases", "metastases")
    assert "negation" in _context("Without (not) bleeding", "bleeding")
    text = "induction, [with or without] hematopoietic stem cell transplant"
    start = text.index("transplant")
    assert either_way_at(text, start, start + len("transplant"))


@pytest.mark.parametrize(
    "text",
    [
        "such as paclitaxel, with or without carboplatin, or gemcitabine",
        "such as paclitaxel, with or without carboplatin [IV, SC, or fixed-dose], or gemcitabine",
        "paclitaxel with or without carboplatin and/or gemcitabine",
        "paclitaxel with or without carboplatin; gemcitabine",
    ],
)
def test_the_with_or_without_item_ends_at_the_list_s_next_separator(text: str) -> None:
    """ "trastuzumab, with or without pertuzumab [...], or ado-trastuzumab emtansine": the
    item "with or without" allows is the one up to the list's next separator
    (``either_way_item_separators``); the next item is neither allowed nor denied by it."""
    assert "negation" not in _context(text, "gemcitabine")
    start = text.index("carboplatin")
    assert either_way_at(text, start, start + len("carboplatin"))


def test_a_close_no_bracket_opened_ends_no_scope() -> None:
    """ "History of another primary malignancy except for a) Malignancy treated with curative
    intent …": the list's label "a)" opens no bracket, so "except" still reaches the
    malignancy it lets off."""
    text = (
        "History of another primary malignancy except for a) Malignancy treated with curative "
        "intent with no known active disease"
    )
    assert "negation" in _context(text, "Malignancy treated")


# NCT05701709 (round thirty): the window after the exception list's "etc." is the list head's.
_ETC_WITHIN = (
    "Any other malignancies, excluding cured basal cell carcinoma of the skin and carcinoma in "
    "situ of the cervix, etc. within 5 years prior to initial administration;"
)
# NCT06112379: "i.v." in the middle of its clause.
_IV_ANTIBIOTICS = "Uncontrolled infection requiring i.v. antibiotics, antivirals or antifungals"


@pytest.mark.parametrize(
    ("text", "abbreviation"), [(_ETC_WITHIN, "etc."), (_IV_ANTIBIOTICS, "i.v.")]
)
def test_an_abbreviation_s_period_the_sentence_goes_on_after_ends_no_clause(
    text: str, abbreviation: str
) -> None:
    """The period of "etc." or "i.v." a lowercase word follows ends no clause of the text as
    written; read lowercase alone (no case to tell by) it still does."""
    period_end = text.index(abbreviation) + len(abbreviation)
    assert period_end in clause_bounds(text.lower())
    assert period_end not in clause_bounds(text.lower(), text)


def test_an_abbreviation_s_period_before_a_new_sentence_still_ends_a_clause() -> None:
    """NCT03983954 "… tofacitinib, dupilumab, rituximab, etc. Pharmacologic doses of
    glucocorticoids …": a capital after "etc." starts a new sentence."""
    text = (
        "The use of immunosuppressive agents within 28 days of obinutuzumab administration "
        "including, but not limited to, cyclosporine, mycophenolate, azathioprine, methotrexate, "
        "adalimumab, infliximab, vedolizumab, tofacitinib, dupilumab, rituximab, etc. "
        "Pharmacologic doses of glucocorticoids"
    )
    assert clause_bounds(text.lower(), text) == clause_bounds(text.lower())
    assert len(clause_bounds(text.lower(), text)) == 2


def test_a_window_after_an_exception_list_s_etc_is_the_list_head_s() -> None:
    """NCT05701709 "Any other malignancies, excluding … carcinoma in situ of the cervix, etc.
    within 5 years prior to initial administration": "within 5 years" bounds the other
    malignancies, so a cancer of long ago does not meet the exclusion by the head alone."""
    head, window = analyse_text(_ETC_WITHIN).concepts[0]
    assert head.text == "malignancies"
    assert window is not None and window.text == "within 5 years"
