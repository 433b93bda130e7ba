"""Issue 12: criteria a coordinator reads at a glance that the parse misread or left unread.

Names that collide (a gene named after a disease, a guideline body's acronym, a drug class's
abbreviation) and tumour marker statuses, on real criteria of ``../shared/data`` studies; each
test checks the judge then decides the criterion right for a patient who states the fact.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts
from test_judge_general import criterion_of, written
from trialfinder.criteria import Criterion
from trialfinder.criteria.lexicon import load_lexicon, tokenize
from trialfinder.criteria.model import ConceptMention
from trialfinder.criteria.parse import words_left_unread
from trialfinder.match import judge


def concepts_of(criterion: Criterion) -> set[str]:
    return {c.concept for c in criterion.constraints if isinstance(c, ConceptMention)}


def test_anaplastic_lymphoma_kinase_is_a_gene_not_a_lymphoma() -> None:
    criterion = criterion_of("NCT06726265", "Anaplastic lymphoma kinase (ALK) gene fusion")
    assert "lymphoma" not in concepts_of(criterion)
    patient = facts(note="A 58-year-old man with Hodgkin lymphoma in remission.")
    assert judge(criterion, patient).status != "met"


def test_asco_cap_guidelines_are_no_pneumonia() -> None:
    criterion = criterion_of("NCT05501886", "Documented HER2 immunohistochemistry (IHC) negative")
    assert "pneumonia" not in concepts_of(criterion)
    # The acronym alone still names community-acquired pneumonia.
    assert "pneumonia" in concepts_of(written("CAP requiring hospitalisation", "exclusion"))


def test_pd_l1_expression_is_a_marker_and_anti_pd_l1_a_treatment() -> None:
    expression = criterion_of("NCT06119581", "Must have known programmed death-ligand 1")
    assert "immunotherapy" not in concepts_of(expression)
    # Read as the PD-1 and PD-L1 families (issue 12, lines-two), both kinds of immunotherapy.
    prior = criterion_of("NCT06627647", "Any prior treatment with an anti-PD-1 or anti-PD-L1")
    assert concepts_of(prior) == {"pd1_inhibitor", "pdl1_inhibitor"}
    either = concepts_of(written("Prior PD-1/PD-L1 inhibitors", "exclusion"))
    assert either == {"pd1_pdl1_inhibitor"}
    assert "immunotherapy" in load_lexicon().ancestors["pd1_pdl1_inhibitor"]


def test_glp_1_ra_is_a_glp_1_receptor_agonist_not_rheumatoid_arthritis() -> None:
    criterion = criterion_of("NCT06717698", "Use of any glucagon-like peptide-1 (GLP-1) RA")
    assert concepts_of(criterion) == {"glp1_receptor_agonist"}
    arthritis = facts(note="A 62-year-old woman with rheumatoid arthritis on methotrexate.")
    assert judge(criterion, arthritis).status != "met"
    on_semaglutide = facts(note="A 55-year-old man with type 2 diabetes on semaglutide weekly.")
    assert judge(criterion, on_semaglutide).status == "met"


def test_oral_hormones_are_not_a_knee_steroid_injection() -> None:
    criterion = written("Use of oral hormones", "exclusion")
    assert "corticosteroids" not in concepts_of(criterion)
    injected = facts(
        note="A 70-year-old woman with knee osteoarthritis; steroid injection last week."
    )
    assert judge(criterion, injected).status != "met"
    on_hrt = facts(note="A 54-year-old woman on hormone replacement therapy.")
    assert judge(criterion, on_hrt).status == "met"


def whole(criterion: Criterion, note: str) -> str:
    """The status when the note is the whole record (as ``evaluate`` judges)."""
    return judge(criterion, facts(note=note), record_is_complete=True).status


def test_a_marker_result_narrows_the_cancer_it_is_written_with() -> None:
    criterion = criterion_of("NCT06380751", "Histologically or cytologically documented diagnosis")
    assert (
        whole(criterion, "A 52-year-old woman with HR-positive, HER2-negative breast cancer.")
        == "met"
    )
    her2_positive = facts(note="A 52-year-old woman with HER2-positive breast cancer.")
    verdict = judge(criterion, her2_positive)
    assert verdict.status == "not_met"
    assert "HER2-positive" in verdict.reason and "HER2-negative" in verdict.reason
    # A cancer named without its result leaves the criterion to the study team.
    assert (
        judge(criterion, facts(note="A 52-year-old woman with breast cancer.")).status == "unknown"
    )


def test_a_sign_after_a_marker_states_its_result() -> None:
    criterion = criterion_of("NCT06380751", "Histologically or cytologically documented diagnosis")
    assert whole(criterion, "A 52-year-old woman with HR+/HER2- breast cancer.") == "met"
    assert whole(criterion, "A 52-year-old woman with ER-/PR-/HER2+ breast cancer.") == "not_met"
    # "ER+, HER2- early-stage ... breast cancer": the markers' results are read.
    signed = criterion_of("NCT05514054", "Have a diagnosis of ER+, HER2- early-stage")
    assert {"er", "her2"}.isdisjoint(words_left_unread(signed.text, []))
    # A sign after a word that names no marker is punctuation, never a result.
    assert [t.text for t in tokenize("HbA1c- 7%; ER+")] == ["HbA1c", "7", "ER", "positive"]


def test_triple_negative_is_a_result_not_a_denial_of_the_cancer() -> None:
    note = "A 45-year-old woman with triple negative breast cancer."
    assert whole(written("Breast cancer", "inclusion"), note) == "met"
    hormone_receptors = criterion_of("NCT06760637", "Documented estrogen receptor (ER) and/or")
    assert whole(hormone_receptors, note) == "not_met"


def test_er_and_or_pr_positive_is_hormone_receptor_positive_not_estrogen_therapy() -> None:
    criterion = criterion_of("NCT06760637", "Documented estrogen receptor (ER) and/or")
    assert concepts_of(criterion) == {"cancer"}
    assert whole(criterion, "A 50-year-old woman with HR+ breast cancer.") == "met"
    # ER positive is hormone-receptor positive whatever the PR result (`qualifier_implications`).
    assert whole(criterion, "A 50-year-old woman with ER+/PR- breast cancer.") == "met"


def test_a_mutation_written_after_the_cancer_narrows_it() -> None:
    criterion = criterion_of("NCT06875310", "Histologically or cytologically confirmed diagnosis")
    assert whole(criterion, "A 67-year-old man with stage IV NSCLC, KRAS G12C mutated.") == "met"
    assert (
        whole(criterion, "A 67-year-old man with KRAS wild-type lung adenocarcinoma.") == "not_met"
    )
    assert whole(criterion, "A 67-year-old man with metastatic NSCLC.") == "unknown"


def test_a_specific_result_states_the_general_one_it_is_a_kind_of() -> None:
    """EGFR exon 19 deletion is an EGFR mutation, KRAS G12C a KRAS mutation, triple negative
    is HER2-negative: a note stating the specific result meets the general one and
    contradicts its opposite (never the reverse: an EGFR mutation is not an exon 19 one)."""
    mutated = written("EGFR mutation-positive non-small cell lung cancer", "inclusion")
    deletion = "A 61-year-old woman with stage IV NSCLC, EGFR exon 19 deletion."
    assert whole(mutated, deletion) == "met"
    wild = written("EGFR wild-type non-small cell lung cancer", "inclusion")
    assert whole(wild, deletion) == "not_met"
    her2 = written("HER2-negative breast cancer", "inclusion")
    assert whole(her2, "A 45-year-old woman with triple negative breast cancer.") == "met"
    exon19 = written("NSCLC with EGFR exon 19 deletion", "inclusion")
    assert whole(exon19, "A 61-year-old woman with EGFR-mutant NSCLC.") == "unknown"


def test_severe_hypoglycaemia_is_read_with_its_severity() -> None:
    criterion = criterion_of("NCT06716424", "History of severe hypoglycemia requiring")
    assert concepts_of(criterion) == {"hypoglycemia"}
    severe = "A 58-year-old man; severe hypoglycaemia requiring hospitalisation 6 weeks ago."
    assert judge(criterion, facts(note=severe)).status == "met"
    # "requiring emergency room admission or hospitalization" is a qualifier too (eleventh
    # session): a severe one the note does not say needed hospital care leaves it unknown.
    ambulance = "A 58-year-old man; severe hypoglycaemia needing an ambulance 6 weeks ago."
    assert judge(criterion, facts(note=ambulance)).status == "unknown"
    # Hypoglycaemia without its severity leaves it unknown; a mild one does not exclude.
    plain = facts(note="A 58-year-old man with type 2 diabetes and hypoglycemia 2 weeks ago.")
    assert judge(criterion, plain).status == "unknown"
    assert whole(criterion, "A 58-year-old man with mild hypoglycemia last month.") == "not_met"


def test_a_stay_for_a_condition_within_a_time_is_how_recent_not_how_long() -> None:
    failure = written("Hospitalization for heart failure within 6 months", "exclusion")
    windows = [c.window for c in failure.constraints if isinstance(c, ConceptMention)]
    assert [(w.kind, w.days) for w in windows if w is not None] == [("recency", 182.625)]
    admitted = (
        "A 70-year-old man with heart failure for 10 years; "
        "admitted for heart failure 2 months ago."
    )
    assert judge(failure, facts(note=admitted)).status != "not_met"
    # The same reading in a real criterion: what the stay was for, and how recent it was.
    asthma = criterion_of("NCT04912596", "Treatment in an emergency room or hospitalization")
    windows = [c.window for c in asthma.constraints if isinstance(c, ConceptMention)]
    assert [(w.kind, w.days) for w in windows if w is not None] == [("recency", 91.3125)]
    # A duration word right before the time still makes it how long.
    diabetes = written("Diabetes duration within 5 years", "inclusion")
    windows = [c.window for c in diabetes.constraints if isinstance(c, ConceptMention)]
    assert [w.kind for w in windows if w is not None] == ["duration"]


def test_a_required_duration_of_disease_is_read_with_its_duration_word() -> None:
    criterion = criterion_of("NCT06443593", "Diabetes duration > 2 years")
    assert criterion.complete
    five_years = facts(note="A 55-year-old man with type 2 diabetes diagnosed 5 years ago.")
    assert judge(criterion, five_years).status == "met"
    assert (
        judge(criterion, facts(note="A 55-year-old man with type 2 diabetes.")).status == "unknown"
    )


@pytest.mark.parametrize(
    "text",
    [
        # NCT05705505 (round thirty-one's study)
        "Tissue for estrogen/progesterone receptor status and molecular classification "
        "(paraffin embedded or fresh biopsy if unavailable).",
        # NCT00134680's title
        "Letrozole + trastuzumab in ErbB2-positive, estrogen and/or progesterone "
        "receptor-positive metastatic breast cancer",
        "Known oestrogen and progesterone receptor status.",
        "Estrogen or progesterone receptors expressed in at least 1% of tumour cells.",
    ],
)
def test_a_hormone_joined_to_another_before_receptor_is_a_receptor_not_a_drug(text: str) -> None:
    """ "estrogen/progesterone receptor" is the two hormones' receptors (a test's target), as
    "estrogen receptor" is: the hormone named first is no oestrogen treatment."""
    assert "hormone_therapy" not in concepts_of(written(text, "inclusion"))


def test_a_tissue_for_receptor_status_is_not_met_by_no_hormone_treatment() -> None:
    tissue = written(
        "Tissue for estrogen/progesterone receptor status and molecular classification "
        "(paraffin embedded or fresh biopsy if unavailable).",  # NCT05705505
        "inclusion",
    )
    note = "66F, endometrioid endometrial cancer, ER 90% PR 60% on the biopsy. No hormone tx."
    assert whole(tissue, note) == "unknown"
