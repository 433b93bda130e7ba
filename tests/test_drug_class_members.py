"""A medicine the note names read as a member of the class a criterion names.

Criteria name classes ("Use of anti-aggregant or anti-coagulant drugs", "Patient who already
take SGLT-2 inhibitor", "Prior treatment with BCMA targeted therapy", "Any line of
endocrine-based therapy for … metastatic disease"); notes name the drug ("apixaban",
"dapagliflozin since 2025", "belantamab mafodotin", "letrozole"). The families are data
(``members`` in ``concepts.json``, each with its WHO ATC or FDA-label source); a drug of a
sibling class is no member. Criteria are the real text of trials in ``../shared`` (API v2
studies) and of the hand-written rounds.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged, v2_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import match_trial


def _criterion_text(nct_id: str, start: str) -> str:
    parsed = parse_trial_criteria(v2_trial(nct_id))
    return next(c.text for c in parsed.iter_criteria() if c.text.startswith(start))


BCMA = ("NCT05317416", "Prior treatment with BCMA targeted therapy")
CHECKPOINT_OTHER_THAN = ("NCT06282575", "Prior treatment with checkpoint inhibitors, other than")
KRAS_G12C = ("NCT06875310", "Treatment targeting KRAS G12C mutation")
ENDOCRINE_FOR_METASTATIC = ("NCT04862663", "Any line of endocrine-based therapy")
ANTI_AGGREGANT = "Use of anti-aggregant or anti-coagulant drugs;"
SGLT2 = "Patient who already take SGLT-2 inhibitor"


@pytest.mark.parametrize(
    ("drug", "family"),
    [
        ("dapagliflozin", "sglt2_inhibitor"),
        ("empagliflozin", "sglt2_inhibitor"),
        ("belantamab_mafodotin", "bcma_directed_therapy"),
        ("teclistamab", "bcma_directed_therapy"),
        ("ciltacabtagene_autoleucel", "bcma_directed_therapy"),
        ("sotorasib", "kras_g12c_inhibitor"),
        ("adagrasib", "kras_g12c_inhibitor"),
        ("filgrastim", "g_csf"),
        ("pegfilgrastim", "colony_stimulating_factors"),
        ("sargramostim", "gm_csf"),
    ],
)
def test_a_drug_belongs_to_its_class(drug: str, family: str) -> None:
    assert family in load_lexicon().ancestors[drug]


def test_a_class_does_not_take_a_sibling_classs_drugs() -> None:
    ancestors = load_lexicon().ancestors
    assert "g_csf" not in ancestors["sargramostim"]
    assert "gm_csf" not in ancestors["filgrastim"]
    assert "sglt2_inhibitor" not in ancestors["metformin"]
    assert "bcma_directed_therapy" not in ancestors["daratumumab"]
    assert "kras_g12c_inhibitor" not in ancestors["osimertinib"]


@pytest.mark.parametrize(
    ("text", "concepts"),
    [
        (ANTI_AGGREGANT, ["antiplatelets", "anticoagulants"]),
        (SGLT2, ["sglt2_inhibitor"]),
        (
            "Patients used GM/G-CSF, PEG-rhG-CSF within 2 weeks",
            ["colony_stimulating_factors", "g_csf"],
        ),
    ],
)
def test_a_class_the_rounds_name_is_read(text: str, concepts: list[str]) -> None:
    constraints, _ = parse_criterion(text, "exclusion")
    assert [c.concept for c in constraints if isinstance(c, ConceptMention)] == concepts


@pytest.mark.parametrize(
    ("criterion", "concepts"),
    [
        (BCMA, ["bcma_directed_therapy"]),
        (KRAS_G12C, ["sotorasib", "adagrasib"]),
        (ENDOCRINE_FOR_METASTATIC, ["endocrine_therapy"]),
        (CHECKPOINT_OTHER_THAN, ["immunotherapy", "durvalumab", "pembrolizumab"]),
    ],
)
def test_a_registry_class_criterion_is_read(
    criterion: tuple[str, str], concepts: list[str]
) -> None:
    constraints, _ = parse_criterion(_criterion_text(*criterion), "exclusion")
    assert [c.concept for c in constraints if isinstance(c, ConceptMention)] == concepts


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Gingival recession. AF on apixaban 5 mg twice daily.", "met"),
        ("Gingival recession. Stent 2023, on clopidogrel.", "met"),
    ],
)
def test_an_anticoagulant_or_antiplatelet_drug_meets_the_class(note: str, expected: str) -> None:
    assert judged(ANTI_AGGREGANT, "exclusion", facts(note=note)).status == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Severe TR, LVEF 35%, on dapagliflozin since 2025.", "met"),
        ("Severe TR. Type 2 diabetes on metformin, never had an SGLT2 inhibitor.", "not_met"),
    ],
)
def test_an_sglt2_inhibitor_taken_meets_the_class(note: str, expected: str) -> None:
    text = "Current use of an SGLT2 inhibitor"
    assert judged(text, "exclusion", facts(note=note)).status == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Relapsed myeloma after four lines, last belantamab mafodotin in 2025.", "met"),
        ("Relapsed myeloma, progressed on teclistamab.", "met"),
        ("Myeloma after ASCT. Never in a trial, no BCMA targeted therapy.", "not_met"),
    ],
)
def test_a_bcma_directed_drug_meets_the_class(note: str, expected: str) -> None:
    assert judged(_criterion_text(*BCMA), "exclusion", facts(note=note)).status == expected


def test_a_kras_g12c_inhibitor_the_criterion_lists_meets_it() -> None:
    note = "KRAS G12C NSCLC, progressed on sotorasib in 2025."
    assert judged(_criterion_text(*KRAS_G12C), "exclusion", facts(note=note)).status == "met"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("HCC. Atezolizumab and bevacizumab 2024, progressed.", "met"),
        ("Cholangiocarcinoma. Gemcitabine, cisplatin and durvalumab only.", "not_met"),
    ],
)
def test_a_checkpoint_inhibitor_the_criterion_excepts_lets_it_off(note: str, expected: str) -> None:
    result = judged(_criterion_text(*CHECKPOINT_OTHER_THAN), "exclusion", facts(note=note))
    assert result.status == expected, result.reason


def test_an_endocrine_drug_given_first_line_for_metastatic_disease_meets_the_class() -> None:
    """ "1st line letrozole + ribociclib" is a course for metastatic disease, as "first-line"."""
    nct_id, start = ENDOCRINE_FOR_METASTATIC
    parsed = parse_trial_criteria(v2_trial(nct_id))
    note = (
        "64-year-old woman, metastatic HR-positive HER2-negative breast ca, de novo with bone "
        "mets 2022. 1st line letrozole + ribociclib 2022-2025, progressed."
    )
    found = [c for c in match_trial(parsed, facts(note=note)).criteria if c.text.startswith(start)]
    assert [c.status for c in found] == ["met"], [c.reason for c in found]
    adjuvant = "Breast IDC 2019, mastectomy then adjuvant letrozole for 5 yrs, finished 2024."
    found = [
        c for c in match_trial(parsed, facts(note=adjuvant)).criteria if c.text.startswith(start)
    ]
    assert [c.status for c in found] != ["met"], [c.reason for c in found]
