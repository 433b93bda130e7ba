"""Prior therapy named by its drug class, read against the drugs a note names.

Oncology and haematology criteria name classes ("an anti-PD-1 or anti-PD-L1 agent", "a
proteasome inhibitor, an anti-CD 38 antibody and an immunomodulatory agent", "platinum-based
chemotherapy", "taxanes"); notes name drugs and regimens ("pembro", "DRd", "carboplatin").
The families that join them are data (``members`` in ``concepts.json``, each with its
source). "Refractory to" a class asks more than having had it (IMWG: progression on it or
within 60 days of its last dose), so a note must say the disease progressed on the drug.
Criteria are the real text of trials in ``../shared`` (API v2 studies).
"""

from __future__ import annotations

import msgspec
import pytest

from test_judge_entailment import facts, judged, v2_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.lexicon import load_lexicon, validate_concepts
from trialfinder.criteria.model import ConceptMention
from trialfinder.criteria.parse import parse_criterion
from trialfinder.criteria.tables import Concept, ConceptTable, ContextRule


def _criterion_text(nct_id: str, start: str) -> str:
    parsed = parse_trial_criteria(v2_trial(nct_id))
    return next(c.text for c in parsed.iter_criteria() if c.text.startswith(start))


ANTI_PD1 = ("NCT06627647", "Any prior treatment with an anti-PD-1 or anti-PD-L1 agent")
CTLA4_OR_PD1 = ("NCT06561386", "Participants must not have had prior treatment with an anti-PD-1")
PROTEASOME_60_DAYS = ("NCT05519085", "Participant has had progression during treatment")


# --- The families are data, checked on load ---------------------------------------------


def test_a_family_is_checked_for_its_members_and_their_source() -> None:
    member = Concept(id="drug", category="treatment", names=["drug"])
    unknown = Concept(
        id="family", category="treatment", names=["family"], members=["nodrug"], source="x"
    )
    with pytest.raises(ValueError, match="unknown members"):
        validate_concepts(ConceptTable(version="1", description="", concepts=[member, unknown]))
    unsourced = Concept(id="family", category="treatment", names=["family"], members=["drug"])
    with pytest.raises(ValueError, match="without their source"):
        validate_concepts(ConceptTable(version="1", description="", concepts=[member, unsourced]))


@pytest.mark.parametrize(
    ("drug", "family"),
    [
        ("bortezomib", "proteasome_inhibitor"),
        ("lenalidomide", "immunomodulatory_drug"),
        ("daratumumab", "anti_cd38_antibody"),
        ("carboplatin", "platinum_chemotherapy"),
        ("oxaliplatin", "chemotherapy"),
        ("docetaxel", "taxane"),
        ("pembrolizumab", "pd1_pdl1_inhibitor"),
        ("atezolizumab", "immunotherapy"),
        ("ibrutinib", "btk_inhibitor"),
        ("azacitidine", "hypomethylating_agent"),
        ("regimen_drd", "anti_cd38_antibody"),
        ("regimen_vrd", "immunomodulatory_drug"),
    ],
)
def test_a_drug_or_regimen_belongs_to_its_family(drug: str, family: str) -> None:
    assert family in load_lexicon().ancestors[drug]


def test_a_family_does_not_take_another_familys_drugs() -> None:
    ancestors = load_lexicon().ancestors
    assert "ctla4_inhibitor" not in ancestors["nivolumab"]
    assert "pdl1_inhibitor" not in ancestors["pembrolizumab"]
    assert "chemotherapy" not in ancestors["bortezomib"]


# --- The judge: a class in the criterion, a drug in the note ------------------------------


@pytest.mark.parametrize(
    "note",
    [
        "Stage IV NSCLC, progressed on carboplatin/pemetrexed/pembrolizumab.",
        "Metastatic NSCLC. Received carbo/pem + pembro 2025, PD 2026.",
        "Stage III NSCLC, chemoradiation then durvalumab consolidation.",
    ],
)
def test_a_pd1_or_pdl1_drug_meets_an_exclusion_naming_the_class(note: str) -> None:
    result = judged(_criterion_text(*ANTI_PD1), "exclusion", facts(note=note))
    assert result.status == "met", result.reason


def test_a_ctla4_antibody_alone_is_no_pd1_antibody() -> None:
    """ "anti-PD-1" was a name of all immunotherapy: ipilimumab met it."""
    result = judged(
        _criterion_text(*ANTI_PD1), "exclusion", facts(note="Melanoma, adjuvant ipilimumab 2019.")
    )
    assert result.status == "unknown", result.reason


def test_a_note_without_the_class_leaves_it_unknown() -> None:
    result = judged(
        _criterion_text(*ANTI_PD1),
        "exclusion",
        facts(note="Stage IV NSCLC, progressed on carboplatin/pemetrexed."),
    )
    assert result.status == "unknown", result.reason


def test_the_myeloma_classes_are_read_from_the_regimens_a_note_names() -> None:
    text = "Prior treatment with a proteasome inhibitor and an immunomodulatory drug"
    note = "Myeloma dx 2021. VRd induction then ASCT Feb 2022."
    assert judged(text, "inclusion", facts(note=note)).status == "met"
    anti_cd38 = "Prior treatment with an anti-CD38 monoclonal antibody"
    assert judged(anti_cd38, "inclusion", facts(note=note)).status == "unknown"


# --- "Refractory to" a class: progression on it, not having had it -------------------------


def test_refractory_to_a_class_needs_progression_on_its_drug() -> None:
    text = _criterion_text(*PROTEASOME_60_DAYS)
    had = judged(text, "inclusion", facts(note="Myeloma. VRd induction 2021, then ASCT."))
    assert had.status == "unknown", had.reason
    assert "progress" in had.reason
    # The criterion's exception ("except as noted below") is the team's; the class is read.
    progressed = judged(
        text, "inclusion", facts(note="Myeloma. Progressed on carfilzomib-dexamethasone in 2025.")
    )
    assert "the patient is on proteasome inhibitor" in progressed.reason, progressed.reason
    short = "Refractory to a proteasome inhibitor"
    note = "Myeloma. Progressed on carfilzomib-dexamethasone in 2025."
    assert judged(short, "inclusion", facts(note=note)).status == "met"


def test_refractory_is_read_written_after_the_drug_too() -> None:
    text = "Refractory to an anti-CD38 antibody"
    note = "RRMM, daratumumab-refractory since 2024."
    assert judged(text, "inclusion", facts(note=note)).status == "met"
    assert judged(text, "inclusion", facts(note="RRMM, DRd 2022-2024.")).status == "unknown"


# --- A drug named as the end of a time span is the study's, not asked of the patient --------


def test_a_study_drug_after_the_last_dose_of_is_a_time_anchor() -> None:
    """ "… until 90 days after the last dose of NAP + durvalumab combination therapy": once
    durvalumab was a concept, a postmenopausal woman was left unknown for not naming it."""
    text = _criterion_text("NCT03983954", "Female participants must be ≥ 1 year post-menopausal")
    note = "A 56-year-old postmenopausal woman with metastatic melanoma."
    result = judged(text, "inclusion", facts(note=note))
    assert "durvalumab" not in result.reason, result.reason
    assert "patient is postmenopausal" in result.reason


# --- Oncology drugs the lexicon did not know --------------------------------------------

ALK_INHIBITORS = ("NCT05170204", "Prior treatment with ALK inhibitors")
BRENTUXIMAB = ("NCT06831370", "Previously treated with brentuximab vedotin")


@pytest.mark.parametrize(
    "drug", ["crizotinib", "ceritinib", "alectinib", "brigatinib", "lorlatinib"]
)
def test_an_alk_inhibitor_belongs_to_its_family(drug: str) -> None:
    assert "alk_inhibitor" in load_lexicon().ancestors[drug]


@pytest.mark.parametrize(
    ("criterion", "concept"),
    [(ALK_INHIBITORS, "alk_inhibitor"), (BRENTUXIMAB, "brentuximab_vedotin")],
)
def test_a_prior_oncology_drug_or_its_class_is_read(
    criterion: tuple[str, str], concept: str
) -> None:
    """The API v2 sample's "Prior treatment with ALK inhibitors" and "Previously treated with
    brentuximab vedotin" read nothing: an exclusion with nothing to check was answered "not
    met" by the note's silence even for a patient on the drug."""
    text = _criterion_text(*criterion)
    constraints, _ = parse_criterion(text, "exclusion")
    assert [c.concept for c in constraints if isinstance(c, ConceptMention)] == [concept]


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("ALK-rearranged NSCLC, on alectinib since 2024, progressed 2026.", "met"),
        ("ALK-positive lung adenocarcinoma treated with Xalkori.", "met"),
        ("EGFR-mutant NSCLC, progressed on osimertinib.", "unknown"),
    ],
)
def test_an_alk_inhibitor_in_the_note_meets_an_exclusion_naming_the_class(
    note: str, expected: str
) -> None:
    result = judged(_criterion_text(*ALK_INHIBITORS), "exclusion", facts(note=note))
    assert result.status == expected, result.reason


def test_a_drug_listed_after_the_following_in_an_allergy_is_the_allergen() -> None:
    """Round twenty (NCT06750094): "Has known allergies, hypersensitivity, or intolerance to
    excipients of any of the following: amivantamab, cetuximab or bevacizumab …" was met by a
    patient on bevacizumab (pembrolizumab alike): the colon after "the following" cut the
    drug from the allergy it is the object of."""
    text = (
        "Has known allergies, hypersensitivity, or intolerance to excipients of any of the "
        "following: amivantamab, cetuximab or pembrolizumab or any component of FOLFIRI"
    )
    note = "Metastatic rectal cancer treated with FOLFOX plus pembrolizumab, now progressing."
    result = judged(text, "exclusion", facts(note=note))
    assert result.status != "met", result.reason


# --- Targeted-drug and interaction classes the lexicon did not know ---------------------

MET_INHIBITOR = ("NCT05110196", "Prior treatment with any MET inhibitor")
PI3K_AKT_MTOR = ("NCT04862663", "Any prior treatment with, AKT, PI3K or mTOR inhibitors")
STRONG_CYP3A4 = ("NCT06761586", "Use of strong CYP3A4 inhibitors or inducers within 2 weeks")
CYP3A_7_OR_14_DAYS = ("NCT02227251", "Received strong cytochrome P450 3A (CYP3A) inhibitors")


@pytest.mark.parametrize(
    ("drug", "family"),
    [
        ("capmatinib", "met_inhibitor"),
        ("tepotinib", "met_inhibitor"),
        ("savolitinib", "met_inhibitor"),
        ("crizotinib", "met_inhibitor"),
        ("crizotinib", "alk_inhibitor"),
        ("ruxolitinib", "jak_inhibitor"),
        ("tofacitinib", "jak_inhibitor"),
        ("alpelisib", "pi3k_inhibitor"),
        ("capivasertib", "akt_inhibitor"),
        ("everolimus", "mtor_inhibitor"),
        ("sirolimus", "mtor_inhibitor"),
        ("itraconazole", "strong_cyp3a_inhibitor"),
        ("clarithromycin", "strong_cyp3a_inhibitor"),
        ("clarithromycin", "antibiotics"),
        ("idelalisib", "pi3k_inhibitor"),
        ("idelalisib", "strong_cyp3a_inhibitor"),
        ("rifampin", "strong_cyp3a_inducer"),
        ("carbamazepine", "strong_cyp3a_inducer"),
        ("carbamazepine", "anticonvulsant"),
        ("st_johns_wort", "strong_cyp3a_inducer"),
        ("ketoconazole", "strong_cyp3a_inhibitor_or_inducer"),
        ("enzalutamide", "strong_cyp3a_inhibitor_or_inducer"),
    ],
)
def test_a_targeted_or_interacting_drug_belongs_to_each_of_its_families(
    drug: str, family: str
) -> None:
    assert family in load_lexicon().ancestors[drug]


@pytest.mark.parametrize(
    ("criterion", "concepts"),
    [
        (MET_INHIBITOR, ["met_inhibitor"]),
        (PI3K_AKT_MTOR, ["akt_inhibitor", "pi3k_inhibitor", "mtor_inhibitor"]),
        (STRONG_CYP3A4, ["strong_cyp3a_inhibitor_or_inducer"]),
        (CYP3A_7_OR_14_DAYS, ["strong_cyp3a_inhibitor", "strong_cyp3a_inducer"]),
    ],
)
def test_a_drug_class_criterion_is_read(criterion: tuple[str, str], concepts: list[str]) -> None:
    """These exclusions of the API v2 sample read nothing: "not met" by the note's silence
    even for a patient on capmatinib, alpelisib or itraconazole."""
    constraints, _ = parse_criterion(_criterion_text(*criterion), "exclusion")
    assert [c.concept for c in constraints if isinstance(c, ConceptMention)] == concepts


@pytest.mark.parametrize(
    ("criterion", "note", "expected"),
    [
        (MET_INHIBITOR, "MET exon 14 skipping NSCLC, progressed on capmatinib.", "met"),
        (MET_INHIBITOR, "Treated with Tabrecta in 2025.", "met"),
        (MET_INHIBITOR, "ALK-positive NSCLC, previously on crizotinib.", "met"),
        (MET_INHIBITOR, "EGFR-mutant NSCLC, progressed on osimertinib.", "unknown"),
        (MET_INHIBITOR, "Allergy to tepotinib.", "unknown"),
        (PI3K_AKT_MTOR, "HR+ breast cancer progressed on alpelisib plus fulvestrant.", "met"),
        (PI3K_AKT_MTOR, "Prior everolimus and exemestane.", "met"),
        (PI3K_AKT_MTOR, "On capivasertib.", "met"),
        (PI3K_AKT_MTOR, "Progressed on palbociclib and letrozole.", "unknown"),
        (STRONG_CYP3A4, "Takes itraconazole for aspergillosis.", "met"),
        (STRONG_CYP3A4, "On rifampicin for tuberculosis.", "met"),
        (STRONG_CYP3A4, "Epilepsy on carbamazepine.", "met"),
        (STRONG_CYP3A4, "Metformin and lisinopril.", "unknown"),
        (CYP3A_7_OR_14_DAYS, "Currently taking voriconazole.", "met"),
        (CYP3A_7_OR_14_DAYS, "On enzalutamide.", "met"),
    ],
)
def test_a_drug_in_the_note_meets_an_exclusion_naming_its_class(
    criterion: tuple[str, str], note: str, expected: str
) -> None:
    result = judged(_criterion_text(*criterion), "exclusion", facts(note=note))
    assert result.status == expected, result.reason


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Ketoconazole stopped in 2019.", "not_met"),
        ("Clarithromycin course finished three months ago.", "not_met"),
        ("Allergic to clarithromycin.", "unknown"),
    ],
)
def test_a_class_member_stopped_or_an_allergy_is_judged_by_the_window(
    note: str, expected: str
) -> None:
    """A window of "within 2 weeks prior to Cycle 1 Day 1": a strong CYP3A4 inhibitor
    stopped months or years ago does not meet it, and an allergy to one is no use of it."""
    result = judged(_criterion_text(*STRONG_CYP3A4), "exclusion", facts(note=note))
    assert result.status == expected, result.reason


# --- "treatment naïve" after a treatment denies it; after a disease it does not -----------

ALPELISIB_NAIVE = ("NCT05022342", "Patient should be alpelisib treatment naïve")


@pytest.mark.parametrize(
    ("text", "concept", "negated"),
    [
        (_criterion_text(*ALPELISIB_NAIVE), "alpelisib", True),
        ("Must be alpelisib treatment-naive.", "alpelisib", True),
        ("Pembrolizumab therapy naïve.", "pembrolizumab", True),
        ("HCV treatment-naive.", "hepatitis_c", False),
        ("Patients who are HCV treatment-naïve or treatment-experienced.", "hepatitis_c", False),
    ],
)
def test_treatment_naive_after_a_treatment_denies_it_but_not_a_disease(
    text: str, concept: str, negated: bool
) -> None:
    """The backward "naïve" cue reaches one word; "treatment naïve" and "therapy naïve" reach
    the word before them only when it is a treatment (``"reaches": "treatments"`` in
    ``context.json``): "HCV treatment-naive" is a patient with HCV never treated for it."""
    constraints, _ = parse_criterion(text, "inclusion")
    mentions = [(c.concept, c.negated) for c in constraints if isinstance(c, ConceptMention)]
    assert (concept, negated) in mentions


def test_a_patient_on_the_drug_does_not_meet_treatment_naive_for_it() -> None:
    """A note's alpelisib does not meet "alpelisib treatment naïve"; a note denying it does."""
    criterion = _criterion_text(*ALPELISIB_NAIVE)
    on_it = judged(criterion, "inclusion", facts(note="HR+ breast cancer progressed on alpelisib."))
    never = judged(criterion, "inclusion", facts(note="HR+ breast cancer, no prior alpelisib."))
    assert (on_it.status, never.status) == ("not_met", "met"), (on_it.reason, never.reason)


def test_a_cue_reaching_only_treatments_is_checked_on_load() -> None:
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert(
            {
                "category": "negation",
                "direction": "backward",
                "scope_words": 1,
                "phrases": ["treatment naive"],
                "reaches": "diseases",
            },
            ContextRule,
        )
