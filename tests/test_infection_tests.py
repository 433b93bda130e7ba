"""Issue 12 item 1 (defs-three): the test behind a condition.

"Known active or chronic hepatitis B (HBsAg +ve)" defines the hepatitis B it excludes by a
test; a coordinator checks the HBsAg result, not whether the note says "hepatitis B". Both
sides carry the test: the criterion's mention (``ConceptMention.tests``) and the note's fact
(``Fact.tests``), read by one reader (``criteria.infection_tests``). Criteria are real (API v2
studies, Chia); notes are written for each case.
"""

from __future__ import annotations

from trialfinder.criteria.model import ConceptMention, Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import Judgement, judge
from trialfinder.patient import PatientProfile, extract_facts

# NCT05605119 (and NCT05865002, NCT06761586), exclusion.
KNOWN = (
    "Known active or chronic hepatitis B (HBsAg +ve) or hepatitis C infection (HCV antibody +ve)."
)
# NCT02301039 (Chia), exclusion.
VIRUSES = (
    "Patients that are known to be positive for Human Immunodeficiency Virus (HIV) (HIV 1/2 "
    "antibodies), active Hepatitis B (HBsAg reactive), or Hepatitis C (HCV RNA [qualitative] is "
    "detected); patients with negative Hepatitis C antibody testing may not need RNA testing."
)
# NCT06737822, exclusion: no test defines the infections.
PLAIN = "Patients with known HIV, hepatitis B or C infection."


def judged(text: str, section: str, note: str) -> Judgement:
    constraints, complete = parse_criterion(text, section)  # type: ignore[arg-type]
    criterion = Criterion("C", section, text, constraints=constraints, complete=complete)  # type: ignore[arg-type]
    return judge(criterion, extract_facts(PatientProfile(note=note)))


def test_the_criterion_mention_carries_the_test_that_defines_it() -> None:
    constraints, _ = parse_criterion(KNOWN, "exclusion")
    tested = {
        c.concept: [(t.test, t.positive) for t in c.tests]
        for c in constraints
        if isinstance(c, ConceptMention) and c.tests
    }
    assert tested == {"hepatitis_b": [("hbsag", True)], "hepatitis_c": [("hcv_antibody", True)]}
    plain, _ = parse_criterion(PLAIN, "exclusion")
    assert not any(isinstance(c, ConceptMention) and c.tests for c in plain)


def test_the_note_fact_carries_the_test_and_its_result() -> None:
    facts = extract_facts(
        PatientProfile(note="A 58-year-old man. HBsAg negative, HCV Ab positive.")
    ).facts
    tests = {f.concept: [(t.test, t.positive) for t in f.tests] for f in facts if f.tests}
    assert tests == {"hepatitis_b": [("hbsag", False)], "hepatitis_c": [("hcv_antibody", True)]}


def test_the_note_fact_carries_the_antibody_that_serology_reads() -> None:
    """One reader of infection tests: the names ``trialfinder.judging.serology`` had apart ("Hep C
    antibody", round seven's note) are the table's, so the fact carries the antibody it reads
    (it was read by serology's own pattern and left off ``Fact.tests``)."""
    notes = [
        "44M, plaque psoriasis. Hep C antibody positive - treated with "
        "sofosbuvir/velpatasvir 2022, SVR.",
        "63M. Anti-HCV antibody positive.",
    ]
    for note in notes:
        facts = extract_facts(PatientProfile(note=note)).facts
        tests = [(t.test, t.positive) for f in facts if f.concept == "hepatitis_c" for t in f.tests]
        assert tests == [("hcv_antibody", True)], note


def test_a_condition_defined_by_a_test_is_met_by_that_tests_qualifying_result() -> None:
    known = judged(KNOWN, "exclusion", "A 58-year-old man. HBsAg positive on screening labs.")
    assert known.status == "met"
    viruses = judged(VIRUSES, "exclusion", "A 47-year-old woman. HCV RNA detected, genotype 1a.")
    assert viruses.status == "met"


def test_the_opposite_result_of_the_defining_test_is_not_met() -> None:
    note = "A 58-year-old man with NSCLC. HBsAg negative. HCV antibody negative."
    known = judged(KNOWN, "exclusion", note)
    assert (known.status, known.reason.split(";")[0]) == (
        "not_met",
        "the note gives HBsAg negative",
    )


def test_another_test_or_none_leaves_the_defined_condition_unknown_naming_the_test() -> None:
    note = "A 58-year-old man with chronic hepatitis B on entecavir."
    none_given = judged(KNOWN, "exclusion", note)
    assert (none_given.status, none_given.reason.split(";")[0]) == (
        "unknown",
        "no HBsAg result given",
    )


def test_an_antibody_alone_never_meets_a_condition_defined_by_its_rna() -> None:
    antibody = judged(VIRUSES, "exclusion", "A 47-year-old woman. Anti-HCV positive.")
    assert antibody.status != "met"
    assert "HCV RNA" in antibody.reason
    cleared = judged(
        VIRUSES,
        "exclusion",
        "A 47-year-old woman. HIV negative. HBsAg negative. HCV Ab positive, RNA negative.",
    )
    # The RNA's negative result fails the hepatitis C the criterion defines; the criterion's
    # closing remark on antibody testing is not read, so it is not settled as not met.
    assert cleared.status != "met"
    assert "the note gives RNA negative" in cleared.reason


def test_negative_stays_a_denial_of_the_infection_where_no_definition_stands() -> None:
    plain = judged(
        PLAIN, "exclusion", "A 58-year-old man. HIV negative. HBsAg negative. Anti-HCV negative."
    )
    assert plain.status == "not_met"


# NCT06726265, exclusion: two infections, each defined by tests, and "infection" after both.
CONCURRENT = (
    "Concurrent active Hepatitis B (defined as HBsAg positive and/or detectable HBV DNA) and "
    "Hepatitis C virus (defined as anti-HCV Ab positive and detectable HCV RNA) infection."
)


def test_the_head_noun_after_a_definition_by_tests_is_not_met_by_the_antibody_alone() -> None:
    cleared = judged(CONCURRENT, "exclusion", "A 52-year-old man. HCV Ab positive, RNA negative.")
    assert cleared.status == "unknown"
    assert "patient has infection" not in cleared.reason


def test_a_bare_viral_load_in_a_hepatitis_c_sentence_is_not_the_hiv_load() -> None:
    """ "50M with chronic hepatitis C, viral load 2 million IU/mL": the load is the hepatitis C
    virus's, so it does not meet the exclusion "Detectable HIV viral load"; a load the note
    names as HIV's still does."""
    hcv = "50M with chronic hepatitis C genotype 1a, viral load 2 million IU/mL, treatment-naive."
    assert judged("Detectable HIV viral load", "exclusion", hcv).status != "met"
    hiv = "50M with HIV on ART, HIV viral load 12,000 copies/mL."
    assert judged("Detectable HIV viral load", "exclusion", hiv).status == "met"


# NCT05170204 (round twenty-four), exclusion: the infection asked by its test's positive result.
SCREENING_ANTIGEN = "Positive hepatitis B surface antigen (HBsAg) test at screening"


def test_a_negative_result_of_the_test_an_exclusion_names_is_not_met() -> None:
    """ "HBsAg neg" answers "Positive hepatitis B surface antigen (HBsAg) test": the test's
    name ("surface antigen") was read with the infection it shows, not left to the study team."""
    note = "A 61-year-old man with lung cancer. HBsAg negative, anti-HCV negative."
    assert judged(SCREENING_ANTIGEN, "exclusion", note).status == "not_met"


def test_a_positive_result_of_the_test_an_exclusion_names_is_met() -> None:
    note = "A 61-year-old man with lung cancer. HBsAg positive, HBV DNA 2,100 IU/mL."
    assert judged(SCREENING_ANTIGEN, "exclusion", note).status == "met"


def test_a_test_named_without_its_result_is_no_fact_of_the_infection() -> None:
    """ "HBsAg sent today" says a test was ordered, not that the patient has hepatitis B: an
    exclusion met on it would turn the patient away on a result nobody has seen."""
    for written in (
        "HBsAg sent today.",
        "Hepatitis B surface antigen requested.",
        "HBsAg and anti-HCV ordered, results awaited.",
        "HBV DNA pending.",
    ):
        note = f"A 61-year-old man with lung cancer. {written}"
        for criterion in (SCREENING_ANTIGEN, PLAIN):
            verdict = judged(criterion, "exclusion", note)
            assert verdict.status == "unknown", (written, criterion, verdict.reason)


def test_a_test_named_without_its_result_leaves_the_infection_the_note_names() -> None:
    note = "A 61-year-old man with chronic hepatitis B. HBsAg sent today."
    assert judged(PLAIN, "exclusion", note).status == "met"
    assert judged(SCREENING_ANTIGEN, "exclusion", "HBsAg sent; HBsAg positive.").status == "met"


def test_an_infection_named_as_a_test_without_its_result_is_no_fact_of_it() -> None:
    """ "HIV test pending" names the infection only as the test's subject."""
    for written in ("HIV test pending.", "HIV testing requested today.", "HIV screen sent."):
        note = f"A 61-year-old man with lung cancer. {written}"
        verdict = judged(PLAIN, "exclusion", note)
        assert verdict.status == "unknown", (written, verdict.reason)
    note = "A 61-year-old man with lung cancer. HIV test positive."
    assert judged(PLAIN, "exclusion", note).status == "met"
    note = "A 61-year-old man with lung cancer. HIV test negative."
    assert "does not have hiv" in judged(PLAIN, "exclusion", note).reason
