from __future__ import annotations

from trialfinder.criteria.split import clean_text, split_criteria


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


def test_empty_or_missing_text_has_no_criteria() -> None:
    assert split_criteria(None) == []
    assert split_criteria("   \n ") == []
