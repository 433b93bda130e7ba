"""Wrong answers the third round of hand-written patients found (issue 12), each as a class.

A subgroup's age says whom a requirement is for, a cause written with "secondary to" qualifies
the disease before it, and a treatment that began years ago is a chronic one.
"""

from __future__ import annotations

from test_judge_entailment import status

HAEMODIALYSIS = (
    "58F, ESKD secondary to diabetic nephropathy, on haemodialysis 3x/wk since 2022 via L AV "
    "fistula."
)


def test_an_age_that_names_a_subgroup_is_no_age_limit() -> None:
    """NCT03630471: "For adolescents under 18 years of age, able to provide informed assent"
    asks assent of the minors; a 19-year-old is not excluded by it."""
    criterion = (
        "For adolescents under 18 years of age, able to provide informed assent to participate "
        "and supported by parental consent"
    )
    assert status(criterion, "inclusion", "A 19-year-old man with depression.") != "not_met"
    assert status("Adolescents under 18 years of age.", "inclusion", "19M, depression.") == (
        "not_met"
    )


def test_secondary_to_qualifies_what_comes_before_it() -> None:
    """ "ESKD secondary to diabetic nephropathy, on haemodialysis": the kidney disease is
    secondary, the haemodialysis is not "secondary haemodialysis"."""
    criterion = "Chronic or intermittent haemodialysis or peritoneal dialysis."
    assert status(criterion, "exclusion", HAEMODIALYSIS) == "met"


def test_a_treatment_begun_years_ago_is_chronic() -> None:
    """On haemodialysis since 2022 is chronic haemodialysis; started last week is not known
    to be."""
    criterion = "Chronic haemodialysis."
    assert status(criterion, "exclusion", "On haemodialysis since 2022.") == "met"
    assert status(criterion, "exclusion", "Started haemodialysis 1 week ago.") == "unknown"


def test_a_denied_past_treatment_says_nothing_of_the_studys_own() -> None:
    """NCT03118986: "within one week prior to administration of the first chemotherapy dose of
    the study chemotherapy block": the chemotherapy is the study's, still to come; "no previous
    chemo" does not answer it."""
    note = "7yo girl, medulloblastoma. Due to start chemo next week; no previous chemo or RT."
    for criterion in (
        "Samples for all laboratory tests will be obtained within one week prior to "
        "administration of the first chemotherapy dose of the study chemotherapy block.",
        "A plan for scheduled, round-the-clock receipt of ondansetron for antiemetic prophylaxis "
        "during administration of chemotherapy.",
    ):
        assert status(criterion, "inclusion", note) != "not_met"
    assert status("Prior chemotherapy.", "inclusion", note) == "not_met"


def test_varices_that_never_bled_are_no_variceal_bleeding() -> None:
    """ "Fundal varices (IGV1) 2.5 cm on OGD, never bled": the varices are there, the bleeding
    is not; a bleed from varices is still varices."""
    note = "52M, HCV cirrhosis, Child-Pugh C. Fundal varices (IGV1) 2.5 cm on OGD, never bled."
    assert status("History of variceal bleeding.", "exclusion", note) != "met"
    assert status("Oesophageal or gastric varices.", "exclusion", note) == "met"
    assert status("Varices.", "exclusion", "Variceal bleeding in 2023, banded.") == "met"


def test_a_sleeve_gastrectomy_is_bariatric_surgery() -> None:
    """NCT06035874's "History of prior bariatric (e.g., Roux-en-Y gastric bypass) … surgical
    procedure" against "Laparoscopic sleeve gastrectomy 2019"; and it is surgery."""
    note = "41F, obesity, BMI 43. Laparoscopic sleeve gastrectomy 2019, weight regained."
    assert status("History of bariatric surgery.", "exclusion", note) == "met"
    assert status("Prior surgery.", "exclusion", note) == "met"
    assert status("History of bariatric surgery.", "exclusion", "Appendicectomy 2010.") != "met"


def test_heart_failure_with_reduced_ejection_fraction_is_read_whole() -> None:
    """NCT06948422's "Have heart failure with reduced ejection fraction (HFrEF) diagnosis": a
    kind of heart failure, met by HFrEF, not by heart failure with preserved ejection fraction
    nor settled by heart failure of no stated kind."""
    criterion = "Have heart failure with reduced ejection fraction (HFrEF) diagnosis"
    assert status(criterion, "exclusion", "64M, ischaemic cardiomyopathy, HFrEF, LVEF 25%.") == (
        "met"
    )
    assert status(criterion, "exclusion", "70F with HFpEF, LVEF 60%.") != "met"
    assert status(criterion, "exclusion", "70F with heart failure.") == "unknown"
