"""Issue 12, twenty-seventh session (general-medicine criteria read of nothing): an age group
that is a criterion's subject is its age limit.

"Healthy children", "Adult patients who are seeking treatment at …", "Children with
asthma": the group the criterion opens with says which ages it asks for, as "Minors"
does (``test_minors_as_an_age_limit``), with the ages ``cues.json`` ``age_group_words`` gives
each group (children and the paediatric population under 18, adults 18 and over). The parse
read nothing of the first two and only the asthma of the last, so a patient of any age was
left to the study team. A group word inside a name ("Children's Hospital of Eastern Ontario",
"Child-Pugh", "adult-onset") or before a word that is no subject's ("child bearing") is no
age. The studies' criteria are real lines of ``../shared/data`` (API v2 studies).
"""

from __future__ import annotations

from conftest import LEGACY_XML_SAMPLE, shared_path
from test_criteria_subgroups_and_alternatives import ages_of
from test_judge_entailment import facts
from test_judge_general import criterion_of, written
from trialfinder.criteria import Criterion, parse_trial_criteria
from trialfinder.criteria.parse import reads_age_group, reads_majority
from trialfinder.ingest.legacy_xml import parse_clinical_study
from trialfinder.match import judge, match_trial


def status_at(criterion: Criterion, age: float, sex: str = "female", note: str = "") -> str:
    return judge(criterion, facts(age=age, sex=sex, note=note), record_is_complete=True).status


def test_healthy_children_asks_for_a_child_in_good_health() -> None:
    """NCT00973089 "Healthy children": a healthy volunteer under 18."""
    criterion = criterion_of("NCT00973089", "Healthy children")
    (age,) = ages_of(criterion)
    assert (age.comparator, age.canonical_value) == ("<", 18.0)
    assert status_at(criterion, 40) == "not_met"
    assert status_at(criterion, 6, note="A 6-year-old girl with community-acquired pneumonia.") == (
        "not_met"
    )


def test_adult_patients_opening_a_criterion_ask_for_age_18_or_more() -> None:
    """NCT00258583 "Adult patients who are seeking treatment at the UPMC Simmons Center …":
    a child does not meet it; an adult's age is no reason against it."""
    criterion = criterion_of("NCT00258583", "Adult patients who are seeking")
    (age,) = ages_of(criterion)
    assert (age.comparator, age.canonical_value) == (">=", 18.0)
    assert status_at(criterion, 12) == "not_met"
    assert status_at(criterion, 50) != "not_met"


def test_a_group_with_a_condition_asks_for_both() -> None:
    """A child's age and the asthma for "Children with asthma"; "Children and adolescents"
    spans both groups' ages."""
    asthma = written("Children with asthma", "inclusion")
    (age,) = ages_of(asthma)
    assert (age.comparator, age.canonical_value) == ("<", 18.0)
    assert status_at(asthma, 40, note="A 40-year-old woman with asthma.") == "not_met"
    assert status_at(asthma, 8, note="An 8-year-old girl with asthma.") == "met"
    young = written("Children and adolescents", "inclusion")
    (age,) = ages_of(young)
    assert (age.comparator, age.canonical_value) == ("<", 19.0)


def test_a_group_word_inside_a_name_or_before_another_word_is_no_age() -> None:
    """NCT03067181 "Children's Hospital of Eastern Ontario" (a place), NCT03630471
    "Adolescent whose parents are not providing consent", and the group words that begin
    names: "Child-Pugh", "adult-onset", "child bearing"."""
    place = criterion_of("NCT03067181", "Children's Hospital")
    assert ages_of(place) == []
    # NCT03630471 (an exclusion): it asks of the parents, not of any adolescent.
    parents = criterion_of("NCT03630471", "Adolescent whose parents")
    assert ages_of(parents) == []
    for text in (
        "Child-Pugh class B or C cirrhosis",
        "Adult-onset Still's disease",
        "Child bearing potential without contraception",
        "Children of mothers with HIV infection",
    ):
        assert ages_of(written(text, "exclusion")) == [], text


def test_a_written_age_beside_the_group_is_the_one_limit() -> None:
    """NCT06370169 "Pediatric Patients (<18 years)" and NCT07021677 "Adults ≥18 - ≤65 years of
    age": the written age is read, once; the group only restates it."""
    pediatric = criterion_of("NCT06370169", "Pediatric Patients")
    (age,) = ages_of(pediatric)
    assert (age.comparator, age.canonical_value) == ("<", 18.0)
    adults = criterion_of("NCT07021677", "Adults")
    (age,) = ages_of(adults)
    assert age.comparator == "between"


def test_infants_and_the_elderly_take_their_mesh_ages() -> None:
    """Infants are under 2 years (MeSH Infant, 1 to 23 months, the newborn before it);
    "Elderly patients" 65 or older (MeSH Aged)."""
    infants = written("Infants hospitalized with bronchiolitis", "inclusion")
    (age,) = ages_of(infants)
    assert (age.comparator, age.canonical_value) == ("<", 2.0)
    assert status_at(infants, 4) == "not_met"
    elderly = written("Elderly patients", "inclusion")
    (age,) = ages_of(elderly)
    assert (age.comparator, age.canonical_value) == (">=", 65.0)
    assert status_at(elderly, 70) == "met"
    assert status_at(elderly, 40) == "not_met"


def test_the_reason_says_which_ages_the_group_was_read_as() -> None:
    """The ages are the group's, not written: the reason names the group and its ages."""
    criterion = written("Children and adolescents", "inclusion")
    reason = judge(criterion, facts(age=40, sex="female"), record_is_complete=True).reason
    assert "“Children and adolescents” read as ages < 19 years" in reason


def test_an_age_read_from_a_group_writes_no_number() -> None:
    """LCT's gold types a group a life stage, with no numeric age: the extraction bench does
    not score an age read from one, as it does not a level read from a word."""
    (group,) = ages_of(written("Healthy children", "inclusion"))
    (written_age,) = ages_of(written("Children aged 6 months to 5 years", "inclusion"))
    (minors,) = ages_of(written("Minors", "exclusion"))
    assert reads_age_group(group)
    assert not reads_age_group(written_age)
    assert not reads_age_group(minors) and reads_majority(minors)


def test_a_healthy_controls_cohort_does_not_turn_away_a_patient_of_the_cases_cohort() -> None:
    """Legacy NCT00055575 has three inclusion cohorts (MDD, bipolar disorder, "Healthy
    Controls:"): a depressed patient with asthma is no healthy control, but may be a case, so
    the trial is not closed to her by the controls' heading."""
    path = shared_path(LEGACY_XML_SAMPLE) / "NCT00055575.xml"
    trial = parse_trial_criteria(parse_clinical_study(path.read_bytes()))
    note = (
        "A 35-year-old woman with major depressive disorder, currently depressed. She has asthma."
    )
    assert match_trial(trial, facts(note=note)).verdict != "excluded"


def test_an_adult_under_legal_protection_is_not_excluded_by_being_an_adult() -> None:
    """Round thirty: NCT05689879 "Adult subject under legal protection or unable ton consent"
    and NCT05696288 "Adults subject to a legal protection order or unable to give their
    consent" exclude adults under legal protection (or unable to consent), not adults: an
    adult's age says whom the exclusion is about, not that it applies. A minor is outside the
    group the exclusion names."""
    for text in (
        "Adult subject under legal protection or unable ton consent",
        "Adults subject to a legal protection order or unable to give their consent.",
        "Adult patient under guardianship",
    ):
        criterion = written(text, "exclusion")
        adult = judge(criterion, facts(age=46, sex="male", note="46M, engineer, sarcoidosis."))
        assert adult.status != "met", (text, adult.reason)
        assert "read as ages" not in adult.reason, (text, adult.reason)
        assert status_at(criterion, 15) == "not_met", text


def test_an_exclusion_that_is_only_an_age_group_still_excludes_the_group() -> None:
    """ "Pediatric patients" alone, or "Adult patients with asthma", exclude by the age group:
    a child, or an adult with asthma, meets them."""
    assert status_at(written("Pediatric patients", "exclusion"), 8) == "met"
    asthma = written("Adult patients with asthma", "exclusion")
    assert status_at(asthma, 40, note="Asthma on salbutamol.") == "met"
    assert status_at(asthma, 15, note="Asthma on salbutamol.") == "not_met"
