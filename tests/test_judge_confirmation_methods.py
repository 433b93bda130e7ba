"""How a criterion's condition is known (issue 12 items 1-2; confirmation-methods).

The method words beside a condition ("by sweat test", "either based on clinical criteria or
liver histology or imaging", "by tissue NGS or ctDNA") are read when the note states the
method ("sweat chloride 98"); when it does not, the answer stays unknown and its reason names
the method. An exclusion whose condition the note denies asks nothing of the method.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged
from trialfinder.judging.confirmation_methods import method_phrases

# NCT00763412 "Diagnosis of Cystic Fibrosis by sweat test with exocrine pancreatic
# insufficiency": its first clause.
CF_BY_SWEAT_TEST = "Diagnosis of Cystic Fibrosis by sweat test"
# NCT05872269 (exclusion).
CIRRHOSIS_BY_ANY_METHOD = (
    "Patient has known documented cirrhosis, either based on clinical criteria or liver "
    "histology or imaging."
)


def _kinds(text: str) -> list[tuple[str, tuple[str, ...], bool]]:
    return [
        (text[p.start : p.end], tuple(m.kind for m in p.methods), p.each_asked)
        for p in method_phrases(text)
    ]


def _answer(text: str, section: str, note: str) -> tuple[str, str]:
    result = judged(text, section, facts(age=45, sex="female", note=note))
    return result.status, result.reason


def test_a_sweat_chloride_in_the_note_reads_a_diagnosis_by_sweat_test() -> None:
    note = "15 y/o girl with CF (sweat chloride 98), pancreatic insufficient on Creon."
    assert _answer(CF_BY_SWEAT_TEST, "inclusion", note)[0] == "met"


def test_a_diagnosis_by_sweat_test_the_note_does_not_give_names_the_missing_test() -> None:
    note = "15-year-old girl with CF, pancreatic insufficient on Creon."
    status, reason = _answer(CF_BY_SWEAT_TEST, "inclusion", note)
    assert status == "unknown"
    assert "the note does not state a sweat test" in reason


def test_a_cirrhosis_denied_on_elastography_answers_an_exclusion_on_how_it_is_known() -> None:
    note = "NAFLD, BMI 44, on the bariatric list. No cirrhosis on elastography (7.1 kPa)."
    assert _answer(CIRRHOSIS_BY_ANY_METHOD, "exclusion", note)[0] == "not_met"


def test_a_cirrhosis_the_note_gives_still_meets_the_exclusion_whatever_the_method() -> None:
    note = "Alcohol-related cirrhosis on elastography, Child-Pugh A."
    assert _answer(CIRRHOSIS_BY_ANY_METHOD, "exclusion", note)[0] == "met"


def test_methods_joined_by_and_are_each_asked_and_by_or_any_one() -> None:
    # NCT05381337; NCT04250064; NCT05705466; NCT06054451.
    assert _kinds(
        "Clinical and imaging diagnosis of zygomatic arch fracture or zygomatic maxillary "
        "complex fracture."
    ) == [("Clinical and imaging diagnosis", ("clinical", "imaging"), True)]
    assert _kinds(
        "Tumour Diagnosis: Newly diagnosed non-disseminated treatment naïve DIPG by classic "
        "clinical AND radiographic finding."
    ) == [("by classic clinical AND radiographic finding", ("clinical", "imaging"), True)]
    assert _kinds(
        "Histologically or cytologically confirmed diagnosis of NSCLC documented as TP53WT"
    ) == [("Histologically or cytologically confirmed", ("tissue",), False)]
    assert _kinds(
        "Any patients having Cirrhosis based on clinical, pathological, or radiological diagnosis"
    ) == [
        (
            "based on clinical, pathological, or radiological diagnosis",
            ("clinical", "tissue", "imaging"),
            False,
        )
    ]


def test_a_modifier_before_a_method_is_part_of_the_method_phrase() -> None:
    # NCT05872269 "liver histology"; NCT05048797 "by tissue NGS or ctDNA".
    assert _kinds(CIRRHOSIS_BY_ANY_METHOD) == [
        (
            "either based on clinical criteria or liver histology or imaging",
            ("clinical", "tissue", "imaging"),
            False,
        )
    ]
    assert _kinds(
        "Histologically documented non-squamous NSCLC with HER2 mutation in exons 19 or 20 by "
        "tissue NGS or ctDNA"
    ) == [
        ("Histologically documented", ("tissue",), False),
        ("by tissue NGS or ctDNA", ("sequencing", "circulating tumour DNA"), False),
    ]


def test_a_method_word_without_a_confirmation_word_beside_it_is_no_method_phrase() -> None:
    # NCT04524416 "within a prior clinical study"; "clinically significant" asks a severity.
    assert (
        _kinds("Patient who received a MINIject glaucoma implant within a prior clinical study")
        == []
    )
    assert _kinds("Clinically significant cardiovascular disease") == []


def test_a_lesion_smaller_than_an_exclusion_asks_answers_it_whatever_the_imaging() -> None:
    # NCT05144867 (exclusion) "Maximum diameter >4cm on MRI".
    note = (
        "49F, HER2+ metastatic breast cancer. MRI brain with contrast: 2 lesions, R frontal "
        "1.8 cm and L cerebellar 2.4 cm, minimal oedema."
    )
    assert _answer("Maximum diameter >4cm on MRI", "exclusion", note)[0] == "not_met"
