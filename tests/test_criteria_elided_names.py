"""Issue 12, twelfth session: two condition names written with one shared part.

"type 1 or type 2 diabetes", "diabetes mellitus type I or type II", "type 1 or 2 diabetes":
the part written once belongs to both names, so both conditions are read (a type 1 patient
meets "type 1 or type 2 diabetes"); and a name's type written after it ("Diabetes mellitus
type I") is read, so a type 2 patient does not meet it. Real criteria of ``../shared/data``.
"""

from __future__ import annotations

from conftest import LEGACY_XML_SAMPLE, shared_path
from test_judge_entailment import facts
from test_judge_general import criterion_of, written
from trialfinder.criteria import Criterion, parse_trial_criteria
from trialfinder.criteria.model import ConceptMention, Measurement
from trialfinder.ingest.legacy_xml import parse_clinical_study
from trialfinder.match import judge


def concepts_of(criterion: Criterion) -> list[str]:
    return [c.concept for c in criterion.constraints if isinstance(c, ConceptMention)]


def legacy_criterion(nct_id: str, opening: str) -> Criterion:
    """The criterion (at any depth) of a legacy XML study that begins with ``opening``."""
    path = shared_path(LEGACY_XML_SAMPLE) / f"{nct_id}.xml"
    stack = list(parse_trial_criteria(parse_clinical_study(path.read_bytes())).criteria)
    while stack:
        criterion = stack.pop(0)
        if criterion.text.lstrip("-* ").startswith(opening):
            return criterion
        stack.extend(criterion.children)
    raise AssertionError(opening)


def lct_line(nct_id: str, opening: str) -> str:
    """A criterion line of an LCT trial text that begins (after its bullet) with ``opening``."""
    folder = shared_path("data/lct/leaf_clinical_trials")
    (text,) = [p.read_text(encoding="utf-8") for p in folder.rglob(f"{nct_id}.txt")]
    (line,) = [ln.strip(" -") for ln in text.splitlines() if ln.strip(" -").startswith(opening)]
    return line


def test_type_1_or_type_2_diabetes_reads_both_types_and_a_type_1_patient_meets_it() -> None:
    """NCT06417840 "Current medical diagnosis of type 1 or type 2 diabetes mellitus.": the
    type 1 was not read, so a type 1 patient was told he has type 1, not type 2 diabetes."""
    criterion = criterion_of("NCT06417840", "Current medical diagnosis of type 1 or type 2")
    assert concepts_of(criterion) == ["type_1_diabetes", "type_2_diabetes"]
    judgement = judge(criterion, facts(note="Type 1 diabetes since childhood."))
    assert judgement.status != "not_met"
    assert "type 1 diabetes" in judgement.reason


def test_a_type_written_after_the_name_and_its_alternative_are_both_read() -> None:
    """NCT04862663 "diabetes mellitus type I or type II requiring insulin treatment": both
    types, each named whole in the reason."""
    criterion = criterion_of("NCT04862663", "diabetes mellitus type I or type II")
    assert concepts_of(criterion)[:2] == ["type_1_diabetes", "type_2_diabetes"]
    judgement = judge(criterion, facts(note="Type 2 diabetes on insulin glargine."))
    assert "type 2 diabetes" in judgement.reason


def test_a_shared_opening_and_head_read_as_two_names() -> None:
    """NCT03866512 (an exclusion) "Any diagnosed metabolic impairment (e.g. type 1 or 2
    diabetes)": type 1 and type 2 diabetes, not diabetes of any type."""
    criterion = written(lct_line("NCT03866512", "Any diagnosed metabolic impairment"), "exclusion")
    assert concepts_of(criterion) == ["type_1_diabetes", "type_2_diabetes"]


def test_a_diabetes_type_written_after_the_name_excludes_the_other_type() -> None:
    """ "Diabetes mellitus type I" (written so in registry criteria) was read as diabetes of
    any type: a type 2 patient met it."""
    criterion = written("Diabetes mellitus type I", "inclusion")
    assert concepts_of(criterion) == ["type_1_diabetes"]
    assert judge(criterion, facts(note="Type 2 diabetes.")).status == "not_met"


def test_a_shared_head_noun_reads_each_organ_named_before_it() -> None:
    """ "lung or breast cancer" names lung cancer too: a lung cancer patient meets the
    exclusion rather than leaving it unknown for want of breast cancer."""
    criterion = written("History of lung or breast cancer", "exclusion")
    assert concepts_of(criterion) == ["lung_cancer", "breast_cancer"]
    assert judge(criterion, facts(note="Lung cancer, resected 2019.")).status == "met"


def test_names_joined_without_a_shared_part_are_read_as_written() -> None:
    """ "Diabetes or hypertension" shares no part: each is read once, nothing is added."""
    criterion = written("Diabetes or hypertension", "exclusion")
    assert concepts_of(criterion) == ["diabetes", "hypertension"]


def test_a_note_naming_only_the_condition_leaves_its_listed_kinds_unknown() -> None:
    """NCT04862663 (an exclusion) "diabetes mellitus type I or type II requiring insulin
    treatment" for a note with "diabetes mellitus" and no type: the whole record is not
    silent about diabetes, so the exclusion is left to the study team, not settled as not
    met for want of the type."""
    criterion = criterion_of("NCT04862663", "diabetes mellitus type I or type II")
    note = "64-year-old woman with diabetes mellitus and elevated HbA1c."
    judgement = judge(criterion, facts(note=note), record_is_complete=True)
    assert judgement.status == "unknown"
    assert "does not say whether it is" in judgement.reason


def test_kinds_listed_with_a_qualifier_between_are_each_read() -> None:
    """NCT00739908 (an exclusion) "Diabetes mellitus Type I, uncontrolled Type II, or
    controlled Type II managed with insulin": the type 2 kinds were not read, so a note's
    untyped diabetes was settled as not met; both kinds are read and it is left open."""
    criterion = legacy_criterion("NCT00739908", "Diabetes mellitus Type I")
    assert concepts_of(criterion)[:3] == ["type_1_diabetes", "type_2_diabetes", "type_2_diabetes"]
    note = "64-year-old woman with diabetes mellitus and elevated HbA1c."
    assert judge(criterion, facts(note=note), record_is_complete=True).status == "unknown"


def test_one_kind_alone_is_left_to_the_team_by_a_whole_record_naming_the_disease() -> None:
    """NCT06948422 (an exclusion) "Have type 1 diabetes (T1D)": one kind. A whole record
    naming an untyped diabetes is not silent about it (lexicon-thirteen: MeSH files type 1
    diabetes under the diabetes the note names), so the type is the study team's to check."""
    criterion = criterion_of("NCT06948422", "Have type 1 diabetes")
    note = "64-year-old woman with diabetes mellitus and elevated HbA1c."
    assert judge(criterion, facts(note=note), record_is_complete=True).status == "unknown"
    silent = "64-year-old woman with asthma, on salbutamol."
    assert judge(criterion, facts(note=silent), record_is_complete=True).status == "not_met"


def test_hepatitis_b_or_c_reads_both_infections_not_any_infection() -> None:
    """NCT00739830 (an exclusion) "Known Hepatitis B or C infection": hepatitis B and C, each
    named whole in the reason; a liver abscess is neither (it met the exclusion as an
    infection)."""
    criterion = legacy_criterion("NCT00739830", "Known Hepatitis B or C infection")
    assert {"hepatitis_b", "hepatitis_c"} <= set(concepts_of(criterion))
    note = "Exploratory laparotomy reveals a ruptured liver abscess, which is surgically drained."
    judgement = judge(criterion, facts(note=note), record_is_complete=True)
    assert judgement.status == "not_met"
    assert "hepatitis C" in judgement.reason or "hepatitis c" in judgement.reason


def test_an_age_with_its_comparator_before_the_unit_is_read() -> None:
    """NCT05481749 "80 or more years old": an age of at least 80 (it was not read)."""
    criterion = legacy_criterion("NCT05481749", "80 or more years old")
    (age,) = [c for c in criterion.constraints if isinstance(c, Measurement)]
    assert (age.analyte, age.comparator, age.value, age.unit) == ("age", ">=", 80.0, "year")
    assert judge(criterion, facts(age=76, note="Lives at home.")).status == "not_met"


def chia_line(stem: str, opening: str) -> str:
    """A criterion line of a Chia development-half text that begins with ``opening``."""
    text = (shared_path("data/chia/chia_without_scope") / f"{stem}.txt").read_text("utf-8")
    (line,) = [ln.strip() for ln in text.splitlines() if ln.strip().startswith(opening)]
    return line


def test_a_list_of_effusions_written_with_one_head_reads_each_effusion() -> None:
    """NCT05482568 "Pleural, ascites, or pericardial effusion requiring intervention": only
    ascites was read, so a whole record silent on ascites answered not met for a patient whose
    pleural effusion was drained five days before (round nineteen)."""
    criterion = legacy_criterion("NCT05482568", "Pleural, ascites, or pericardial effusion")
    assert concepts_of(criterion) == ["pleural_effusion", "ascites", "pericardial_effusion"]
    note = "Malignant pleural effusion drained 5 days ago."
    judgement = judge(criterion, facts(note=note), record_is_complete=True)
    assert judgement.status != "not_met"
    assert "pleural effusion" in judgement.reason


def test_two_effusions_joined_with_or_before_the_head_are_both_read() -> None:
    """Chia NCT00094861 "Pleural or pericardial effusion greater than 100 ml …": the
    pericardial effusion alone was no concept, and the pleural one was not read."""
    line = chia_line("NCT00094861_exc", "Pleural or pericardial effusion greater than")
    criterion = written(line, "exclusion")
    assert concepts_of(criterion)[:2] == ["pleural_effusion", "pericardial_effusion"]


def test_a_list_read_back_over_its_commas_passes_the_names_written_whole() -> None:
    """NCT04482309 "… and breast, non-small cell lung cancer, gastric cancer, and colorectal
    cancer": the breast cancer, written before two names written whole, was not read."""
    criterion = criterion_of("NCT04482309", "Cohort 7: Rare tumors")
    assert concepts_of(criterion)[:2] == ["breast_cancer", "lung_cancer"]
