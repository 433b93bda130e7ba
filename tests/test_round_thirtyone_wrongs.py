"""Issue 12, round thirty-one's wrong-direction answers, by class (round-thirtyone-wrongs).

* An age written with the legal age as its alternative ("Must be 18 years of age, or the
  legal age of consent in the jurisdiction …") is the least age: the legal age is a floor
  that differs by country, so the number is a minimum, not an exact age.
* A multiplication sign glued to the limit's words ("below 3.0×the upper limit of normal",
  "creatinine≤1.5×upper limit of normal (UNL)") is the multiple of that limit, as it is
  with a space.

Real criterion texts of the round's trials and of the API v2 studies in ``../shared``.
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial
from test_judge_entailment import facts, judged, v2_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.parse import analyse_text
from trialfinder.model import Trial


def _text(trial: Trial, start: str) -> str:
    parsed = parse_trial_criteria(trial)
    return next(c.text for c in parsed.iter_criteria() if c.text.startswith(start))


def _ages(text: str) -> list[tuple[str, float, str | None]]:
    return [
        (m.comparator, m.value, m.unit)
        for m, _, _ in analyse_text(text).measurements
        if m.analyte == "age"
    ]


def test_an_age_or_the_legal_age_of_consent_is_the_least_age() -> None:
    """NCT05705505 "Must be 18 years of age, or the legal age of consent in the jurisdiction
    …" (round thirty-one: a 66-year-old was "not the required = 18 years"), NCT06194448
    "Patients must be 18 or the legal age of consent in the jurisdiction …" (no unit: the
    legal age says the number is an age) and NCT05097287 "at least 18 (or the legal age of
    consent …) years of age"."""
    texts = (
        _text(_any_trial("NCT05705505"), "Must be 18 years of age, or the legal age"),
        _text(v2_trial("NCT06194448"), "Patients must be 18 or the legal age"),
        _text(v2_trial("NCT05097287"), "Participant must be at least 18 (or the legal age"),
    )
    for text in texts:
        assert _ages(text) == [(">=", 18.0, "year")], text
        assert judged(text, "inclusion", facts(age=66, sex="female")).status == "met", text
        assert judged(text, "inclusion", facts(age=16, sex="female")).status == "not_met", text


def test_an_age_without_the_legal_age_keeps_its_reading() -> None:
    """ "Must be 18 years of age at the time of signing" names no legal age: as before."""
    assert _ages("Must be 18 years of age at the time of signing informed consent") == [
        ("=", 18.0, "year")
    ]


def test_a_multiple_sign_glued_to_the_limit_is_a_multiple_of_the_limit() -> None:
    """NCT05705505 "… below 3.0×the upper limit of normal (ULN)" (round thirty-one: ALT 19
    was read against "< 3 IU/L") and NCT05815290 "creatinine≤1.5×upper limit of normal
    (UNL)" (read as 1.5 mg/dL)."""
    alt = (
        "Alanine aminotransferase (ALT) and aspartate aminotransferase (AST) below 3.0×the "
        "upper limit of normal (ULN) (or ALT and AST ≤5×ULN if liver metastases are present)."
    )
    read = [
        (m.analyte, m.comparator, m.value, m.unit) for m, _, _ in analyse_text(alt).measurements
    ]
    assert ("alt", "<", 3.0, "ULN") in read
    assert ("ast", "<", 3.0, "ULN") in read
    creatinine = "Renal function: creatinine≤1.5×upper limit of normal (UNL) or creatinine"
    read = [
        (m.analyte, m.comparator, m.value, m.unit)
        for m, _, _ in analyse_text(creatinine).measurements
    ]
    assert read == [("creatinine", "<=", 1.5, "ULN")]


NSCLC_NEGATIVE = (
    "69-year-old man with stage IVB lung adenocarcinoma. KRAS G12V. EGFR, ALK, ROS1, BRAF, MET, "
    "RET, NTRK negative."
)


def test_a_tumour_naming_where_an_alteration_was_found_is_no_tumour_asked() -> None:
    """NCT05687266 "Lacks sensitising EGFR tumour tissue mutation … and has no documented
    tumour genomic alterations in NTRK, BRAF, RET, MET …" (round thirty-one: "criterion
    requires no tumour: patient has tumour"); the tumour is the material tested, as in
    "Absence of documented tumor genomic mutation results" (NCT05984277's kind)."""
    text = _text(_any_trial("NCT05687266"), "Lacks sensitising EGFR tumour tissue mutation")
    concepts = [f.concept for f, _ in analyse_text(text).concepts]
    assert not any("tumo" in c or "neoplasm" in c for c in concepts), concepts
    answer = judged(text, "inclusion", facts(note=NSCLC_NEGATIVE, age=69, sex="male"))
    assert answer.status != "not_met", answer.reason
    assert "no tumour" not in answer.reason


def test_lacks_before_the_markers_denies_them() -> None:
    """ "Lacks sensitising EGFR tumour tissue mutation and ALK and ROS1 rearrangements"
    (NCT05687266), as "lack" is used in "tumors that lack activating EGFR, ALK, and ROS1
    alterations" (NCT05984277): leading the criterion, "lacks" denies the markers as
    "absence of" does; a patient whose EGFR, ALK and ROS1 are negative meets it."""
    note = facts(note=NSCLC_NEGATIVE, age=69, sex="male")
    text = "Lacks sensitising EGFR tumour tissue mutation and ALK and ROS1 rearrangements"
    assert judged(text, "inclusion", note).status == "met"
    positive = facts(note="Lung adenocarcinoma, EGFR exon 19 deletion.", age=60, sex="male")
    assert judged(text, "inclusion", positive).status == "not_met"
