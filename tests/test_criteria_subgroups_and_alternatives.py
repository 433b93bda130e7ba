"""Issue 12, eleventh session: what a coordinator reads at a glance that the parse misread.

Ages written with two units, an age that scopes a requirement to a subgroup, an equals sign
left where the registry lost a "≥", and sex alternatives ("Female of non-childbearing
potential, or male."), on real criteria of ``../shared/data`` studies.
"""

from __future__ import annotations

from conftest import LEGACY_XML_SAMPLE, shared_path
from test_judge_entailment import facts
from test_judge_general import criterion_of, written
from trialfinder.criteria import Criterion, parse_trial_criteria
from trialfinder.criteria.model import Measurement
from trialfinder.ingest.legacy_xml import parse_clinical_study
from trialfinder.match import judge


def ages_of(criterion: Criterion) -> list[Measurement]:
    return [c for c in criterion.constraints if isinstance(c, Measurement) and c.analyte == "age"]


def legacy_criterion(nct_id: str, opening: str) -> Criterion:
    """The criterion of a legacy XML study whose text begins with ``opening``."""
    path = shared_path(LEGACY_XML_SAMPLE) / f"{nct_id}.xml"
    parsed = parse_trial_criteria(parse_clinical_study(path.read_bytes()))
    found = [c for c in parsed.criteria if c.text.lstrip("-* ").startswith(opening)]
    assert found, opening
    return found[0]


def test_an_age_range_from_days_to_months_reads_each_end_in_its_own_unit() -> None:
    """NCT03633708 (an exclusion) "Subjects aged 28 days to 6 months of age who were born
    prematurely …": 28 days is the youngest age, not 28 months the oldest."""
    criterion = criterion_of("NCT03633708", "Subjects aged 28 days to 6 months")
    (age,) = [a for a in ages_of(criterion) if a.comparator == "between"]
    assert age.canonical_value is not None and age.canonical_upper is not None
    assert round(age.canonical_value * 365.25) == 28
    assert age.canonical_upper == 0.5
    toddler = facts(age=3, sex="female", note="CKD on peritoneal dialysis.")
    judgement = judge(criterion, toddler)
    assert judgement.status != "met"
    # The reason names the end that decided (the range's top), not the whole range.
    assert "above the required ≤ 6 months" in judgement.reason


def test_an_age_that_scopes_a_requirement_to_a_subgroup_is_no_age_limit() -> None:
    """NCT03633708 "Serum cCa value ≥ 9.0 mg/dL … for subjects ≥ 2 years of age and older and
    serum cCa value ≥ 9.6 mg/dL … for subjects 28 days to < 2 years of age": the ages say
    which threshold applies to whom; a child of 9 is not excluded for being over 2."""
    criterion = criterion_of("NCT03633708", "Serum cCa value")
    assert ages_of(criterion) == []
    child = facts(age=9, sex="male", note="CKD 5 on haemodialysis. Corrected Ca 9.4 mg/dL.")
    assert judge(criterion, child).status != "not_met"


def test_an_age_after_a_performance_scales_name_says_which_scale_not_who_may_enter() -> None:
    """NCT04250064 (DIPG, ages 3 to 18) "Performance Score: KPS > 12 y/o >/= 50 or LPS for
    < 12y >/= 50": the ages choose Karnofsky or Lansky; a boy of 7 is not refused for being
    under 12."""
    criterion = criterion_of("NCT04250064", "Performance Score: KPS")
    assert ages_of(criterion) == []
    boy = facts(age=7, sex="male", note="DIPG on MRI three weeks ago. Still goes to school.")
    assert judge(criterion, boy).status != "not_met"


def test_an_equals_sign_before_a_lower_age_and_an_upper_limit_is_a_lost_at_least() -> None:
    """NCT00739908 "Male or female = 18 years of age and <60 years" (the registry lost the
    "≥"): the ages from 18 to under 60; a boy of 17 does not meet it."""
    criterion = legacy_criterion("NCT00739908", "Male or female = 18 years")
    (age,) = ages_of(criterion)
    assert (age.comparator, age.value, age.upper_value) == ("between", 18.0, 60.0)
    teenager = facts(age=17, sex="male", note="Recurrent major depression.")
    assert judge(criterion, teenager).status == "not_met"
    adult = facts(age=35, sex="female", note="Recurrent major depression.")
    assert judge(criterion, adult).status == "met"


def test_sex_alternatives_apply_to_both_sexes() -> None:
    """NCT06717698 "Female of non-childbearing potential, or male.": an OR of sex-specific
    arms is about both sexes, so it is never "not applicable" to either."""
    criterion = criterion_of("NCT06717698", "Female of non-childbearing potential, or male")
    man = facts(age=58, sex="male", note="Type 2 diabetes on metformin.")
    assert judge(criterion, man).status != "not_applicable"
    mirrored = Criterion(
        "C", "inclusion", "Male, or female of non-childbearing potential", complete=False
    )
    woman = facts(age=58, sex="female", note="Type 2 diabetes, postmenopausal.")
    assert judge(mirrored, woman).status != "not_applicable"


def test_a_consequence_is_a_qualifier_the_note_must_state() -> None:
    """NCT05742711 "H/O anxiety or psychiatric illness requiring treatment": anxiety the note
    does not say was treated leaves it to the study team; anxiety requiring treatment meets it."""
    criterion = criterion_of("NCT05742711", "H/O anxiety or psychiatric illness requiring")
    untold = judge(criterion, facts(age=40, sex="female", note="History of anxiety."))
    assert untold.status == "unknown"
    assert "treatment-requiring" in untold.reason
    treated = facts(age=40, sex="female", note="Anxiety requiring treatment with sertraline.")
    assert judge(criterion, treated).status == "met"


def test_a_stroke_requiring_assistance_is_not_any_stroke() -> None:
    stroke = written("Stroke requiring assistance of another person", "exclusion")
    independent = facts(age=70, sex="male", note="Stroke in 2020, fully independent.")
    judgement = judge(stroke, independent)
    assert judgement.status != "met"
    assert "assistance-requiring" in judgement.reason


def test_not_requiring_treatment_is_no_need_for_treatment() -> None:
    """A consequence denied ("stable and not requiring treatment") is another qualifier, never
    the need it denies."""
    criterion = written("Brain metastases that are stable and not requiring treatment", "exclusion")
    judgement = judge(criterion, facts(age=60, sex="female", note="Brain metastases, stable."))
    assert "treatment-requiring" not in judgement.reason


def test_a_time_cue_written_after_its_window_is_read_with_it() -> None:
    """NCT06326047 "Diagnosed with type 2 diabetes mellitus greater than or equal 180 days before
    screening": "before" is the window's own word, so the criterion is complete; diabetes since
    2015 meets it."""
    criterion = criterion_of("NCT06326047", "Diagnosed with type 2 diabetes mellitus greater")
    assert criterion.complete
    since_2015 = facts(age=58, sex="male", note="T2DM since 2015 on metformin.")
    assert judge(criterion, since_2015).status == "met"


def test_an_age_of_the_patients_who_undergo_a_test_is_no_age_limit() -> None:
    """An age in a sentence's subject whose verb gives those patients a test ("Patients under
    55 years with intact ovaries will undergo hormonal verification", NCT05705505; "Fertile
    women (≥14 years of age or having menarche) must have a negative serum pregnancy test",
    NCT05701306) says who is tested, not who may enter: a woman of 66 or a girl of 12 is not
    turned away by it."""
    verified = written(
        "Are postmenopausal, defined as: Patient's last menstrual period occurred more than 12 "
        "months prior to screening.\n- Patients under 55 years with intact ovaries will undergo "
        "hormonal verification.",
        "inclusion",
    )
    assert ages_of(verified) == []
    tested = written(
        "Fertile women (≥14 years of age or having menarche) must have a negative serum "
        "pregnancy test at the time of the screening visit",
        "inclusion",
    )
    assert ages_of(tested) == []
    # the age that is the sentence's requirement stays one
    assert ages_of(written("Patients must be at least 55 years of age.", "inclusion"))
    assert ages_of(
        written("Patients aged 18 years or older must have measurable disease.", "inclusion")
    )
