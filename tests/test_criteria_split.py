from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import API_V2_STUDIES, shared_path
from trialfinder.criteria.split import (
    TEXT_LINE,
    CriterionText,
    clean_text,
    criteria_outline,
    split_criteria,
)


def test_headers_in_many_spellings_open_sections() -> None:
    text = "KEY INCLUSION CRITERIA:\n- Adults\n\nMain Exclusion Criteria\n- Pregnancy\n- HIV"
    items = split_criteria(text)
    assert [(i.section, i.text) for i in items] == [
        ("inclusion", "Adults"),
        ("exclusion", "Pregnancy"),
        ("exclusion", "HIV"),
    ]


def test_text_without_headers_is_inclusion() -> None:
    items = split_criteria("Age over 18\n\nSigned consent")
    assert [i.section for i in items] == ["inclusion", "inclusion"]


def test_nested_bullets_become_sub_items() -> None:
    text = (
        "Exclusion Criteria:\n\n* Participants with any of the following:\n\n"
        "  1. Residual disease\n  2. Resected disease\n* Prior radiotherapy"
    )
    items = split_criteria(text)
    assert len(items) == 2
    assert [c.text for c in items[0].children] == ["Residual disease", "Resected disease"]
    assert items[0].group == "any"


def test_or_group_keeps_sibling_bullets_at_growing_indentation() -> None:
    text = (
        "Inclusion criteria\n\n  4. Osteoporosis, exhibiting at least one of the following:\n\n"
        "    • Fracture within 2 years;\n\n      • High risk of falling;\n\n"
        "        • T-score < -3.0"
    )
    (item,) = split_criteria(text)
    assert item.group == "any"
    assert len(item.children) == 3
    assert all(not child.children for child in item.children)


def test_legacy_xml_continuation_lines_join_their_item() -> None:
    text = (
        "\n        Inclusion Criteria:\r\n\r\n          -  Enrollment in the parent study\r\n\r\n"
        "          -  Homeless and living at a shelter at the time of study\r\n"
        "             enrollment\r\n      "
    )
    items = split_criteria(text)
    assert [i.text for i in items] == [
        "Enrollment in the parent study",
        "Homeless and living at a shelter at the time of study enrollment",
    ]


def test_markdown_and_html_escapes_are_undone() -> None:
    assert clean_text("INR \\&lt; 1.2 and age \\>= 18") == "INR < 1.2 and age >= 18"


@pytest.mark.parametrize(
    ("copied", "written"),
    [
        ("Age \u00e2\u2030\u00a518", "Age \u226518"),
        ("ECOG score \u00e2\u2030\u00a4 2 points.", "ECOG score \u2264 2 points."),
        ("neutrophil value< 0.5\u00c3\u2014109/L", "neutrophil value< 0.5\u00d7109/L"),
        ("AST level \u00e2\u2030\u00a5100 IU/mL", "AST level \u2265100 IU/mL"),
        (
            "Sj\u00f6gren's syndrome, caf\u00e9, \u00c5ngstr\u00f6m",
            "Sj\u00f6gren's syndrome, caf\u00e9, \u00c5ngstr\u00f6m",
        ),
    ],
)
def test_utf8_text_read_through_a_windows_code_page_is_repaired(copied: str, written: str) -> None:
    """Round twenty-five: a study record copied through a Windows code page reads "Age
    \u00e2\u2030\u00a518" for "Age \u226518" (UTF-8 bytes read as cp1252). The judge read
    "\u00e2\u2030\u00a5" as nothing and asked for exactly 18 years; the cleaner gives the sign back.
    Accented words written correctly stay as written."""
    assert clean_text(copied) == written


def test_empty_or_missing_text_has_no_criteria() -> None:
    assert split_criteria(None) == []
    assert split_criteria("   \n ") == []


def _v2_criteria_text(nct_id: str) -> str:
    """The eligibility text of one real API v2 study of ``../shared``, as the registry wrote it."""
    with shared_path(API_V2_STUDIES).open(encoding="utf-8") as lines:
        for line in lines:
            if nct_id in line:
                protocol = json.loads(line)["protocolSection"]
                if protocol["identificationModule"]["nctId"] == nct_id:
                    text: str = protocol["eligibilityModule"]["eligibilityCriteria"]
                    return text
    raise AssertionError(nct_id)


def _real_criteria(nct_id: str, section: str) -> list[CriterionText]:
    """The top-level criteria of one section of a real study."""
    items = split_criteria(_v2_criteria_text(nct_id))
    return [item for item in items if item.section == section]


def _starts(items: list[CriterionText]) -> list[str]:
    """The first two words of each item: enough to name it."""
    return [" ".join(item.text.split()[:2]) for item in items]


def test_a_numbered_list_after_a_lead_in_is_one_criterion_an_item() -> None:
    """NCT06726265: "excluded ... for any of the following reasons:" heads 22 numbered
    exclusions; each is judged on its own, and the lead-in is no criterion."""
    exclusions = _real_criteria("NCT06726265", "exclusion")
    assert len(exclusions) == 22
    assert [item.label for item in exclusions] == [f"{n}." for n in range(1, 23)]
    assert not any(item.text.startswith("Participants are to be excluded") for item in exclusions)
    harbours = exclusions[2]
    assert harbours.group == "any"
    alterations = ["Epidermal growth", "Anaplastic lymphoma", "c-ROS oncogene"]
    assert _starts(harbours.children) == alterations


def test_the_lead_in_of_a_numbered_list_stays_on_the_page_as_text() -> None:
    exclusion = criteria_outline(
        "Participants are excluded for any of the following reasons:\n\n1. HIV\n2. Pregnancy",
        "exclusion",
    )
    assert [(item.bullet_kind, item.text) for item in exclusion] == [
        (TEXT_LINE, "Participants are excluded for any of the following reasons:"),
        ("number", "HIV"),
        ("number", "Pregnancy"),
    ]


def test_an_inclusion_lead_in_asking_for_one_of_its_list_stays_a_group() -> None:
    """Met by any one item is not met by each: the options stay under their lead-in."""
    (item,) = split_criteria(
        "Inclusion Criteria:\n\nAt least one of the following:\n\n1. Fracture\n2. T-score < -3.0"
    )
    assert item.group == "any"
    assert [child.text for child in item.children] == ["Fracture", "T-score < -3.0"]


def test_a_medication_sub_list_is_kept_under_its_criterion() -> None:
    """NCT04207047 exclusion 19: the three medication items are judged as its sub-items."""
    exclusions = _real_criteria("NCT04207047", "exclusion")
    medications = exclusions[18]
    assert medications.text == "History or current use of the following medications:"
    medication_starts = ["Daily anticoagulants,", "Topical retinoid", "Psychiatric drugs"]
    assert _starts(medications.children) == medication_starts


def test_a_lead_in_naming_a_criterion_keeps_its_one_of_list() -> None:
    """NCT06761586 5b: "must fall within one of the following ... categories except lymphoma
    mentioned in Exclusion criterion #5:" names a criterion but introduces no list of
    criteria; its categories are options of one criterion, not three required criteria."""
    inclusions = _real_criteria("NCT06761586", "inclusion")
    (categories,) = [item for item in inclusions if item.text.startswith("5b. The lymphomas")]
    assert categories.group == "any"
    assert _starts(categories.children) == ["Mature B-cell", "Mature T-", "Hodgkin lymphomas."]
    assert not any(item.text.startswith("Mature T- and NK-cell") for item in inclusions)


def test_a_numbered_item_continuing_the_top_list_is_no_sub_item() -> None:
    """NCT06761586: "6)", indented under the last lymphoma category of 5b, continues the
    list 1.-5.; as a sub-item of one option it would be asked only of Hodgkin lymphoma."""
    inclusions = _real_criteria("NCT06761586", "inclusion")
    assert [item.label for item in inclusions if item.bullet_kind == "number"] == [
        "1.",
        "2.",
        "3.",
        "4.",
        "5.",
        "6)",
        "7)",
        "8)",
        "9)",
    ]


def test_an_inclusion_lead_in_asking_for_all_of_its_numbered_list_is_a_heading() -> None:
    """NCT05022342's "PART A:" over five numbered inclusions: each is required either way."""
    items = split_criteria("Inclusion Criteria:\n\nPART A:\n\n1. Adults\n2. Signed consent")
    assert [(item.label, item.text, item.children) for item in items] == [
        ("1.", "Adults", []),
        ("2.", "Signed consent", []),
    ]


def test_numbered_items_run_into_one_line_are_split() -> None:
    # NCT06131424's criteria as the registry writes them: one line, the exclusion heading
    # after a dash.
    text = (
        "Inclusion Criteria:1. Men or women, ≥18 years of age 2. Provision of informed consent "
        "according to local regulations 3. Must have a confirmed previous diagnosis as "
        "HER2-negative mBC between 01 January 2019 and 31 December 2022, regardless of HR "
        "status - Exclusion Criteria:1. Have a history of other malignancies until 3 years "
        "prior to diagnosis 2. Patients with historical HER2 status of IHC 2+/ISH+ or 3+"
    )
    items = split_criteria(text)
    assert [(i.section, i.text.split()[0]) for i in items] == [
        ("inclusion", "Men"),
        ("inclusion", "Provision"),
        ("inclusion", "Must"),
        ("exclusion", "Have"),
        ("exclusion", "Patients"),
    ]


def test_a_lone_number_ending_a_sentence_is_no_item() -> None:
    text = "Inclusion Criteria:\n- Neuropathy of grade 2. Patients with grade 1 may enter."
    assert [i.text for i in split_criteria(text)] == [
        "Neuropathy of grade 2. Patients with grade 1 may enter."
    ]
    numbered = "Exclusion Criteria:\n16. Prior surgery. 18. Prior radiotherapy."
    assert len(split_criteria(numbered)) == 1


def _round_twentyfive_criteria_text(nct_id: str) -> str:
    """The eligibility text of one of round twenty-five's real studies, as the registry wrote it."""
    path = Path(__file__).parent / "data" / "hand_written_patients_twentyfive_trials.jsonl"
    for line in path.read_text("utf-8").splitlines():
        protocol = json.loads(line)["protocolSection"] if line.strip() else {}
        if protocol and protocol["identificationModule"]["nctId"] == nct_id:
            text: str = protocol["eligibilityModule"]["eligibilityCriteria"]
            return text
    raise AssertionError(nct_id)


def test_a_footnote_block_after_a_numbered_list_is_no_part_of_its_last_criterion() -> None:
    """NCT03058679 (round twenty-five's Crohn's diet trial): after exclusion 22 ("Currently
    participating in another clinical trial …") and a blank line, indented "*" bullets explain
    the marked criteria 6, 7 and 9 ("change*** dose of thiopurines", "prednisone or
    equivalent*"). They are notes for the page, not sub-items of criterion 22: its drug
    names must not make it ask about the patient's drugs."""
    text = _round_twentyfive_criteria_text("NCT03058679")
    exclusions = [item for item in split_criteria(text) if item.section == "exclusion"]
    assert len(exclusions) == 22
    last = exclusions[-1]
    assert last.text.startswith("Currently participating in another clinical trial")
    assert last.children == []
    assert not any("budesonide" in item.text for item in exclusions)
    outline = criteria_outline(text.split("Exclusion Criteria", 1)[1], "exclusion")
    notes = [item for item in outline if item.bullet_kind == TEXT_LINE]
    assert [note.text.split()[:3] for note in notes] == [
        ["Patients", "may", "continue"],
        ["Loading/induction", "doses", "of"],
    ]


def test_a_marked_definition_under_a_numbered_item_is_a_note() -> None:
    """NCT06201611: inclusion 3 asks for "abnormal nerve conduction study*"; the indented
    "* Abnormal NCS defined as …" after a blank line is its footnote, not a further item."""
    inclusions = _real_criteria("NCT06201611", "inclusion")
    assert not any(
        child.text.startswith("Abnormal NCS") for item in inclusions for child in item.children
    )
    assert not any(item.text.startswith("Abnormal NCS") for item in inclusions)


def test_star_bullets_of_a_star_list_stay_items_after_a_blank_line() -> None:
    """A list whose own bullets are "*" keeps its "*" items after a blank line, even when a
    criterion carries a "*" mark: only a bullet the list does not use opens a footnote."""
    text = "Inclusion Criteria:\n\n* Post-menopausal* women\n\n* Adults"
    items = split_criteria(text)
    assert [item.text for item in items] == ["Post-menopausal* women", "Adults"]


def test_an_indented_note_under_a_numbered_item_is_no_sub_item() -> None:
    """NCT05984147: exclusion 1 ("Systemic anti-cancer therapy … within the past 28 days …")
    is followed, after a blank line, by "   Note: Concomitant use of low dose prednisone (up to
    10 mg/day) is allowed." The note allows something: it is no sub-item to judge (nothing
    nests under criterion 1), and it stays on the page as a text line right after it."""
    text = _v2_criteria_text("NCT05984147")
    exclusions = _real_criteria("NCT05984147", "exclusion")
    assert exclusions[0].text.startswith("Systemic anti-cancer therapy")
    assert exclusions[0].children == []
    assert not any("prednisone" in item.text for item in exclusions)
    outline = criteria_outline(text.split("Exclusion Criteria", 1)[1], "exclusion")
    shown = [item.text for item in outline]
    first = next(i for i, item in enumerate(outline) if item.text.startswith("Systemic"))
    assert outline[first + 1].bullet_kind == TEXT_LINE
    assert shown[first + 1].startswith("Note: Concomitant use of low dose prednisone")


def test_a_note_under_an_inclusion_is_not_judged_as_its_sub_item() -> None:
    """NCT06831370: inclusion 1 (treatment-naive Hodgkin lymphoma, stage 3 or 4) carries an
    indented "Note: Participants must have histologically confirmed classical HL …" after a
    blank line; and NCT06761586 writes "Note: Patients with Small Lymphocytic Lymphoma (SLL) …
    are allowed." at the margin below its inclusion 8. Neither note is a criterion."""
    inclusions = _real_criteria("NCT06831370", "inclusion")
    assert inclusions[0].text.startswith("Treatment-naïve, Hodgkin lymphoma")
    assert inclusions[0].children == []
    lymphoma = _real_criteria("NCT06761586", "inclusion")
    assert not any(item.text.startswith("Note: ") for item in lymphoma)
    assert not any("(SLL)" in item.text for item in lymphoma)


def test_a_note_cue_inside_a_criterion_keeps_its_text() -> None:
    """Only a line that opens with the note cue is a note: "… (note: prior surgery is
    allowed)" inside a criterion stays part of it, and a one-line criterion stays judged."""
    text = "Exclusion Criteria:\n\n1. Prior chemotherapy (note: hormone therapy allowed)\n2. HIV"
    assert [item.text for item in split_criteria(text)] == [
        "Prior chemotherapy (note: hormone therapy allowed)",
        "HIV",
    ]
    nb = "Exclusion Criteria:\n\n1. Prior chemotherapy\n\n   NB: hormone therapy is allowed\n2. HIV"
    assert [(item.text, item.children) for item in split_criteria(nb)] == [
        ("Prior chemotherapy", []),
        ("HIV", []),
    ]


def test_a_note_bulleted_as_an_item_or_run_on_to_it_stays_criterion_text() -> None:
    """NCT05482516 lists "-  Note: for HCC, AST, ALT, and alkaline phosphatase (ALP) ≤ 5 x ULN"
    as one of its "-" laboratory limits (an item of that list), and runs "Note: for HCC
    patients INR or aPTT should be ≤ 2 x ULN." on to its INR limit with no blank line (part of
    that limit's text): neither is a note taken out of the criteria."""
    text = (
        "Inclusion Criteria:\n\n 1. Adequate function, defined by:\n\n"
        "       -  AST, ALT, and alkaline phosphatase (ALP) ≤ 3 x upper limit of normal (ULN)\n\n"
        "       -  Note: for HCC, AST, ALT, and alkaline phosphatase (ALP) ≤ 5 x upper limit of\n"
        "          normal (ULN)\n\n"
        "       -  For patients not on anticoagulation: INR or aPTT ≤ 1.5 x ULN.\n"
        "          Note: for HCC patients INR or aPTT should be ≤ 2 x ULN.\n"
    )
    (criterion,) = split_criteria(text)
    assert len(criterion.children) == 3
    assert criterion.children[1].text.startswith("Note: for HCC, AST")
    assert criterion.children[2].text.endswith(
        "Note: for HCC patients INR or aPTT should be ≤ 2 x ULN."
    )


_SWALLOWED_LIST = (
    "Inclusion Criteria:\n\n"
    "  -  In order to be eligible to participate in this study, an individual must meet all of\n"
    "     the following criteria:\n\n"
    "       -  Provision of signed and dated informed consent form.\n\n"
    "       -  Male or female, aged 22-59 years.\n\n"
    "Exclusion Criteria:\n\n"
    "  -  An individual who meets any of the following criteria will be excluded from\n"
    "     participation in this study:\n\n"
    "       -  Hypersensitivity to sulfonylureas\n\n"
    "       -  Pregnancy or lactation\n"
)


def test_a_bulleted_line_announcing_its_whole_section_list_is_a_heading() -> None:
    """A section's one bulleted item "… must meet all of the following criteria:" over its
    whole list only announces the list: each item under it is a criterion of its own."""
    criteria = split_criteria(_SWALLOWED_LIST)
    assert [(item.section, item.text) for item in criteria] == [
        ("inclusion", "Provision of signed and dated informed consent form."),
        ("inclusion", "Male or female, aged 22-59 years."),
        ("exclusion", "Hypersensitivity to sulfonylureas"),
        ("exclusion", "Pregnancy or lactation"),
    ]


def test_a_list_announcing_line_stays_on_the_page_as_text() -> None:
    outline = criteria_outline(_SWALLOWED_LIST.split("Exclusion Criteria:")[1], "exclusion")
    assert outline[0].bullet_kind == TEXT_LINE
    assert outline[0].text.startswith("An individual who meets any of the following criteria")
    assert [item.text for item in outline[1:]] == [
        "Hypersensitivity to sulfonylureas",
        "Pregnancy or lactation",
    ]


def test_a_bulleted_lead_in_among_other_criteria_keeps_its_sub_items() -> None:
    """Beside other criteria, "Prior radiotherapy meeting the following criteria:" names a
    criterion its sub-items qualify together: they stay under it."""
    exclusion = criteria_outline(
        "- Pregnancy\n"
        "- Prior radiotherapy meeting the following criteria:\n"
        "    - within 2 weeks\n"
        "    - to more than 25% of bone marrow\n",
        "exclusion",
    )
    assert [item.text for item in exclusion] == [
        "Pregnancy",
        "Prior radiotherapy meeting the following criteria:",
    ]
    assert len(exclusion[1].children) == 2


def test_an_inclusion_line_asking_for_one_of_the_following_criteria_stays_a_group() -> None:
    (item,) = split_criteria(
        "Inclusion Criteria:\n\n- Meets one of the following criteria:\n"
        "    - Fracture\n    - T-score < -3.0\n"
    )
    assert [child.text for child in item.children] == ["Fracture", "T-score < -3.0"]


def test_a_bulleted_line_announcing_the_list_under_it_as_siblings_is_no_criterion() -> None:
    """NCT06372145 bullets its lead-in like its criteria ("* Participants are excluded from
    the study if any of the following criteria apply:" then "* The participant is at risk
    …"): the lead-in announces the list and is judged as no criterion."""
    exclusion = criteria_outline(
        "* Participants are excluded from the study if any of the following criteria apply:\n"
        "* Active alcohol use disorder\n"
        "* A bleeding disorder\n",
        "exclusion",
    )
    lead_in = "Participants are excluded from the study if any of the following criteria apply:"
    assert [(item.bullet_kind, item.text) for item in exclusion] == [
        (TEXT_LINE, lead_in),
        ("symbol:*", "Active alcohol use disorder"),
        ("symbol:*", "A bleeding disorder"),
    ]


def test_items_numbered_with_circled_digits_are_split_without_failing() -> None:
    # NCT05697055 (legacy XML of jakob-huetteneder/ClinicalTrialMatcher): Chinese registry
    # records number sub-items with circled digits; the splitter read "①" as a digit and
    # then failed to count it.
    text = (
        "Inclusion Criteria:\n\n"
        "  3. Diagnosed with moderate or severe COVID-19 infection. Including:\n\n"
        "     ①Moderate: continuous high fever for more than 3 days.\n\n"
        "     ② Severe: Adults meet any of the following requirements: RR≥ 30 times/minute.\n\n"
        "  4. Signed informed consent.\n"
    )
    items = split_criteria(text)
    assert any("Signed informed consent" in item.text for item in items)
