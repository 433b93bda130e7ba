"""Issue 12, rounds five to fifteen: diseases a coordinator reads that the lexicon lacked.

Peripheral neuropathy, diabetic ketoacidosis, amyloidosis, Waldenström's macroglobulinaemia,
the biliary tract cancers, allergic rhinitis, periodontitis, dental caries and pneumocystis
pneumonia had no concept in ``data/criteria/concepts.json``: a criterion naming one carried no
constraint of it ("not computable from structured data") or only its broad class (cancer,
allergy, pneumonia), and a note naming one said nothing. Each is now a concept with its MeSH
descriptor's entry terms and place in the tree; a subtype (diabetic neuropathy, AL amyloidosis,
an intrahepatic cholangiocarcinoma) is not met by a sibling. Criteria are real trial text from
the registry sample.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged, v2_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial


def _trial_status(nct_id: str, start: str, note: str) -> tuple[str, str]:
    result = match_trial(parse_trial_criteria(v2_trial(nct_id)), facts(note=note, age=60))
    found = [c for c in result.criteria if c.text.startswith(start)]
    assert found, f"{nct_id}: no criterion starts with {start!r}"
    return found[0].status, found[0].reason


@pytest.mark.parametrize(
    ("nct_id", "start"),
    [("NCT05170204", "Grade >/= 2 peripheral neuropathy"), ("NCT06305754", "Grade ≥2 peripheral")],
)
@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("IgG myeloma. Grade 2 peripheral neuropathy from bortezomib.", "met"),
        ("IgG myeloma. Grade 1 peripheral neuropathy from bortezomib.", "not_met"),
        ("IgG myeloma. Peripheral neuropathy from bortezomib.", "unknown"),
        ("IgG myeloma. No neuropathy.", "not_met"),
    ],
)
def test_a_peripheral_neuropathy_is_read_and_held_to_its_grade(
    nct_id: str, start: str, note: str, expected: str
) -> None:
    status, reason = _trial_status(nct_id, start, note)
    assert status == expected, reason


@pytest.mark.parametrize(
    ("criterion", "note", "expected"),
    [
        ("Pre-existing neuropathy", "Type 2 diabetes with diabetic peripheral neuropathy.", "met"),
        (
            "Diabetic neuropathy",
            "Chemotherapy-induced peripheral neuropathy after oxaliplatin.",
            "unknown",
        ),
        ("Peripheral neuropathy", "Ischemic optic neuropathy of the right eye.", "unknown"),
        ("Peripheral neuropathy", "Type 1 diabetes with cardiac autonomic neuropathy.", "unknown"),
    ],
)
def test_a_neuropathy_is_peripheral_and_a_diabetic_one_is_a_kind_of_it(
    criterion: str, note: str, expected: str
) -> None:
    result = judged(criterion, "exclusion", facts(note=note))
    assert result.status == expected, result.reason


@pytest.mark.parametrize(
    ("nct_id", "start"),
    [
        ("NCT04975997", "Has plasma cell leukemia"),
        ("NCT05572515", "Plasma cell leukemia at the time"),
    ],
)
def test_the_polyneuropathy_poems_spells_out_excludes_no_neuropathy_alone(
    nct_id: str, start: str
) -> None:
    note = "IgG kappa myeloma. Grade 2 peripheral neuropathy from bortezomib."
    status, reason = _trial_status(nct_id, start, note)
    assert status != "met", reason


@pytest.mark.parametrize(
    ("nct_id", "start", "note", "expected"),
    [
        (
            "NCT05928260",
            "Diabetic Ketoacidosis in the previous 3 months",
            "Type 1 diabetes since 2001. No DKA since diagnosis.",
            "not_met",
        ),
        (
            "NCT06035874",
            "History of diabetic ketoacidosis",
            "Type 2 diabetes on insulin. Admitted with diabetic ketoacidosis in 2019.",
            "met",
        ),
    ],
)
def test_a_diabetic_ketoacidosis_is_read_by_name_and_abbreviation(
    nct_id: str, start: str, note: str, expected: str
) -> None:
    status, reason = _trial_status(nct_id, start, note)
    assert status == expected, reason


@pytest.mark.parametrize(
    "note",
    [
        "IgG lambda myeloma with AL amyloidosis, cardiac involvement.",
        "Waldenstrom's macroglobulinaemia.",
    ],
)
def test_amyloidosis_and_waldenstrom_macroglobulinemia_are_read(note: str) -> None:
    status, reason = _trial_status("NCT05317416", "Amyloidosis, Waldenstr", note)
    assert status == "met", reason


def test_a_myeloma_alone_is_neither_amyloidosis_nor_waldenstrom_macroglobulinemia() -> None:
    status, reason = _trial_status("NCT05317416", "Amyloidosis, Waldenstr", "IgA kappa myeloma.")
    assert status != "met", reason


def test_a_transthyretin_amyloidosis_is_no_light_chain_one() -> None:
    result = judged(
        "AL amyloidosis", "exclusion", facts(note="Wild-type transthyretin amyloidosis.")
    )
    assert result.status != "met", result.reason


@pytest.mark.parametrize(
    "note",
    [
        "Intrahepatic cholangiocarcinoma, R0 resection in October 2026.",
        "Gallbladder adenocarcinoma pT3, R1 resection.",
    ],
)
def test_a_biliary_tract_cancer_is_read_by_its_kind(note: str) -> None:
    # The criterion goes on (measurable disease, no prior therapy): the study team's.
    status, reason = _trial_status("NCT06109779", "Histologically confirmed adenocarcinoma", note)
    assert status != "not_met", reason
    assert "patient has adenocarcinoma of the biliary tract" in reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        ("Biliary tract cancer", "Hepatocellular carcinoma, BCLC B."),
        ("Intrahepatic cholangiocarcinoma", "Gallbladder adenocarcinoma pT3."),
        ("Allergic rhinitis", "Penicillin allergy (rash)."),
        ("History of Pneumocystis jirovecii pneumonia", "Community-acquired pneumonia in 2024."),
        ("History of Pneumocystis jirovecii pneumonia", "Seen by her PCP last week for a cough."),
        ("Moderate to severe periodontitis", "Gingivitis only."),
        ("Periodontitis", "Symptomatic apical periodontitis of the lower left first molar."),
    ],
)
def test_a_sibling_or_a_broader_disease_does_not_meet_the_kind_named(
    criterion: str, note: str
) -> None:
    result = judged(criterion, "exclusion", facts(note=note))
    assert result.status != "met", result.reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        ("Other allergic diseases", "Hay fever every summer."),
        ("History of pneumonia", "Pneumocystis pneumonia in 2020."),
        ("Periodontal disease", "Stage III periodontitis."),
        (
            "active dental caries or invasive dental procedure,",
            "Active dental caries in two molars.",
        ),
    ],
)
def test_a_kind_meets_its_class(criterion: str, note: str) -> None:
    result = judged(criterion, "exclusion", facts(note=note))
    assert result.status == "met", result.reason


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Perihilar cholangiocarcinoma (Klatskin tumour), stented.", "not_met"),
        ("Cholangiocarcinoma on biopsy.", "unknown"),
        ("Intrahepatic cholangiocarcinoma, right hepatectomy.", "met"),
    ],
)
def test_an_intrahepatic_cholangiocarcinoma_is_not_met_by_another_or_an_unsited_one(
    note: str, expected: str
) -> None:
    # MeSH has one descriptor for every cholangiocarcinoma, so the sites are lexicon kinds that
    # rule each other out (disease_relations.json, disjoint_concepts).
    result = judged("Intrahepatic cholangiocarcinoma", "inclusion", facts(note=note))
    assert result.status == expected, result.reason
