"""Names the note reader misread, by class (issue 12; note-lay-procedures).

1. An eponymous operation is not the eponymous disease: "pancreaticoduodenectomy
   (Whipple's)" is the operation (MeSH D016577, Pancreaticoduodenectomy), not Whipple
   Disease (D008061, an infection); "Frey's procedure" (Frey and Smith 1987: local resection
   of the pancreatic head with a lateral pancreaticojejunostomy, MeSH D010193) is not Frey
   syndrome (Sweating, Gustatory, D013547). The operation reader's curated eponyms
   (``data/criteria/operations.json``) name the operation at those words, and a disease the
   vocabulary reads inside them is the operation's name.
2. A cancer's short form the vocabulary reads (GIST: Gastrointestinal Stromal Tumors; RCC:
   Carcinoma, Renal Cell; ESCC: Esophageal Squamous Cell Carcinoma) was dropped by the note
   reader, because it was not among ``note_disease_abbreviations``.
"""

from __future__ import annotations

from trialfinder.operations import named_operations
from trialfinder.patient import PatientProfile, disease_mentions
from trialfinder.retrieval import patient_conditions

WHIPPLE_DISEASE = "D008061"
PANCREATICODUODENECTOMY = "D016577"
GUSTATORY_SWEATING = "D013547"  # Frey syndrome


def _diseases(text: str) -> set[str]:
    return {m.descriptor_id for m in disease_mentions(text)}


def _note_ids(note: str) -> frozenset[str]:
    conditions = patient_conditions(PatientProfile(note=note))
    return conditions.main_ids | conditions.other_ids


def test_an_eponymous_pancreaticoduodenectomy_in_a_note_is_not_whipple_disease() -> None:
    # fresh11 whipple-periampullary and fresh12 distal-cca-whipple.
    notes = [
        "Bilirubin now 3. Listed for pancreaticoduodenectomy (Whipple's) next week at ILBS.",
        "61M, 7 weeks after a pylorus-preserving Whipple's for painless jaundice.",
    ]
    for note in notes:
        assert WHIPPLE_DISEASE not in _diseases(note), note
        assert WHIPPLE_DISEASE not in _note_ids(note), note
        operations = named_operations(note)
        assert any(PANCREATICODUODENECTOMY in o.descriptor_ids for o in operations), note


def test_an_eponymous_pancreaticoduodenectomy_in_a_criterion_is_not_whipple_disease() -> None:
    # NCT06712420: "Locally advanced disease requiring major hepatectomy or whipple's
    # pancreatoduodenectomy."
    criterion = (
        "Locally advanced disease requiring major hepatectomy or whipple's pancreatoduodenectomy."
    )
    assert WHIPPLE_DISEASE not in _diseases(criterion)


def test_freys_procedure_is_a_pancreaticojejunostomy_not_frey_syndrome() -> None:
    note = "Chronic calcific pancreatitis; Frey's procedure in 2015 for a dilated duct."
    assert GUSTATORY_SWEATING not in _diseases(note)
    assert GUSTATORY_SWEATING not in _note_ids(note)
    assert any("D010193" in o.descriptor_ids for o in named_operations(note))


def test_the_eponymous_disease_written_as_a_disease_is_still_read() -> None:
    assert WHIPPLE_DISEASE in _diseases("Whipple's disease, on doxycycline since March.")
    assert GUSTATORY_SWEATING in _diseases("Frey syndrome after her parotidectomy.")


def test_a_gist_named_with_its_site_is_a_gastrointestinal_stromal_tumour() -> None:
    # The judge's note reader; search's reading of the site's cancer is unchanged.
    for note in [
        "GIST of the stomach resected 2019, now on imatinib.",
        "Gastric GIST with liver metastases.",
    ]:
        assert "D046152" in _diseases(note), note


def test_an_rcc_or_escc_short_form_is_read_as_its_cancer() -> None:
    assert "D002292" in _diseases("Clear cell RCC, left nephrectomy 2021, lung metastases.")
    # NCT03983954: "ESCC without exposure to prior anti PD-1/PD-L1"
    assert "D000077277" in _diseases("ESCC without exposure to prior anti PD-1/PD-L1")
    # Written in small letters it is no short form: nothing is read.
    assert "D002292" not in _diseases("rcc")
