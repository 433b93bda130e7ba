"""Issue 12: a body part named before an injury word, read alike by search and the judge.

Search read "supraspinatus tear" as *Rotator Cuff Injuries* and "zygomatic arch fracture" as
*Zygomatic Fractures* (a body part right before an injury word is that part's injury), but the
reading lived in ``retrieval`` and the judge's disease reader (``patient.disease_mentions``)
found only the anatomy and the bare injury word. The reading is now the vocabulary's
(``vocabulary.part_injuries``); each test is one rule of it on notes written for these tests
in the words of rounds thirteen and fourteen (a shoulder clinic, a maxillofacial referral).
"""

from __future__ import annotations

import json
from importlib import resources

import msgspec
import pytest

from trialfinder import vocabulary
from trialfinder.patient import PatientProfile, disease_mentions
from trialfinder.retrieval import patient_conditions
from trialfinder.search.text import parse_text
from trialfinder.vocabulary import (
    PART_INJURY_FILE,
    PartInjuryTable,
    load_vocabulary,
    part_injuries,
)

ROTATOR_CUFF_INJURIES = "D000070636"
ZYGOMATIC_FRACTURES = "D015051"
HIP_FRACTURES = "D006620"


def _read(text: str) -> dict[str, str]:
    return {m.descriptor_id: m.words for m in disease_mentions(text)}


def _assert_read_by_judge_and_search(note: str, descriptor: str) -> None:
    assert descriptor in _read(note), note
    conditions = patient_conditions(PatientProfile(age=40, sex="male", note=note))
    assert descriptor in conditions.main_ids | conditions.other_ids, note


def test_the_judge_reads_a_body_parts_injury_as_search_does() -> None:
    for note, descriptor, words in [
        (
            "MRI R shoulder: full thickness supraspinatus tear, 2.5 cm AP.",
            ROTATOR_CUFF_INJURIES,
            "supraspinatus tear",
        ),
        (
            "CT: left zygomatic arch fracture, minimally displaced.",
            ZYGOMATIC_FRACTURES,
            "zygomatic arch fracture",
        ),
        ("Fell at home; right hip fracture, pinned yesterday.", HIP_FRACTURES, "hip fracture"),
    ]:
        assert _read(note).get(descriptor) == words, note
        # Search reads the same descriptor from the same words.
        conditions = patient_conditions(PatientProfile(age=60, sex="female", note=note))
        assert descriptor in conditions.main_ids | conditions.other_ids, note


def test_a_part_injury_spans_the_part_and_the_injury_word_and_nothing_else() -> None:
    note = "Shoulder clinic. Ultrasound: supraspinatus tear. Plan: repair."
    mentions = load_vocabulary().find_mentions(note)
    [injury] = part_injuries(note, mentions)
    assert injury.readings[0].concept.id == ROTATOR_CUFF_INJURIES
    # The tear is not read again as tear fluid, nor the part as a disease of its own.
    assert list(_read(note)) == [ROTATOR_CUFF_INJURIES]


def test_a_denied_part_injury_is_read_with_its_denial() -> None:
    [mention] = [m for m in disease_mentions("X-ray of the pelvis: no hip fracture.")]
    assert mention.descriptor_id == HIP_FRACTURES
    assert "negation" in mention.context


def test_an_anatomy_word_without_an_injury_word_after_it_is_no_injury() -> None:
    assert _read("Pain in the right hip since a fall; X-ray normal.") == {}


ABDOMINAL_INJURIES = "D000007"
CRANIOCEREBRAL_TRAUMA = "D006259"
HAND_INJURIES = "D006230"


def test_a_parts_trauma_laceration_or_burn_is_that_parts_injury() -> None:
    for note, descriptor in [
        ("Seen in A&E after a bike crash: blunt abdominal trauma, CT pending.", ABDOMINAL_INJURIES),
        ("Kitchen accident last week, deep hand laceration sutured.", HAND_INJURIES),
        ("Scald to the hand from a kettle; hand burn dressed.", HAND_INJURIES),
    ]:
        _assert_read_by_judge_and_search(note, descriptor)


def test_an_adjective_of_severity_before_trauma_names_no_part() -> None:
    note = "History of severe trauma in childhood, no sequelae."
    assert part_injuries(note, load_vocabulary().find_mentions(note)) == []


def test_a_supraspinatus_tear_is_not_read_as_a_tear_of_the_subscapularis() -> None:
    note = "Shoulder MRI: isolated supraspinatus tear; subscapularis intact."
    injuries = part_injuries(note, load_vocabulary().find_mentions(note))
    words = note.lower().replace(":", "").replace(";", "").split()
    # One injury, of the written part only: the intact subscapularis is not read as torn.
    assert [" ".join(words[i.start : i.end]) for i in injuries] == ["supraspinatus tear"]


SKULL_FRACTURES = "D012887"


def test_an_injury_word_before_its_part_is_that_parts_injury() -> None:
    for note, descriptor, words in [
        (
            "Fell down the stairs: fracture of the right hip, pinned yesterday.",
            HIP_FRACTURES,
            "fracture of the right hip",
        ),
        ("Car accident in 2024 with a fracture of the skull.", SKULL_FRACTURES, None),
        ("Seen after a fall with trauma to the head, GCS 15.", CRANIOCEREBRAL_TRAUMA, None),
    ]:
        read = _read(note)
        assert descriptor in read, note
        if words is not None:
            assert read[descriptor] == words, note
        conditions = patient_conditions(PatientProfile(age=70, sex="female", note=note))
        assert descriptor in conditions.main_ids | conditions.other_ids, note


def test_an_injury_word_before_a_denied_part_is_denied() -> None:
    [mention] = disease_mentions("Pelvic X-ray: no fracture of the hip.")
    assert mention.descriptor_id == HIP_FRACTURES
    assert "negation" in mention.context


def test_a_tear_of_one_part_of_a_group_mesh_files_together_is_not_the_groups_injury() -> None:
    # MeSH files the subscapularis and the supraspinatus both under Rotator Cuff, and a tear
    # of either as Rotator Cuff Injuries: read that way, a round-thirteen criterion asking a
    # tear of the subscapularis would be met by a supraspinatus tear.
    criterion = "Tears of the subscapularis tendon on MRI"
    assert ROTATOR_CUFF_INJURIES not in _read(criterion)
    assert part_injuries(criterion, load_vocabulary().find_mentions(criterion)) == []


def test_the_injury_words_are_validated_data_with_their_source() -> None:
    table = vocabulary._part_injury_table()
    assert "fracture" in table.injury_words and table.injury_branch == "C26"
    assert "MeSH" in table.source.name and "NLM" in table.source.licence
    raw = resources.files("trialfinder").joinpath("data", "vocabulary", PART_INJURY_FILE)
    data = json.loads(raw.read_text())
    data["injury_words"].append("Fracture!")
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(json.dumps(data).encode(), type=PartInjuryTable)


def test_a_query_for_a_torn_rotator_cuff_still_reads_the_cuff_and_its_parts() -> None:
    query = parse_text("torn rotator cuff")
    assert query.groups[0] == ("torn",)
    assert {"rotator cuff", "supraspinatus", "subscapularis"} <= set(query.groups[1])


TRAUMATIC_BRAIN_INJURY = "D000070642"
MILD_TRAUMATIC_BRAIN_INJURY = "D001924"


def test_a_part_injury_inside_a_longer_heading_leaves_the_heading_read() -> None:
    # Round seven: "brain injury" inside "traumatic brain injury" is no injury word before
    # its part, and the longer MeSH heading the note and the criterion name stays read.
    assert list(_read("History of Traumatic Brain Injury")) == [TRAUMATIC_BRAIN_INJURY]
    note = "Mild traumatic brain injury from an IED blast in 2010."
    assert MILD_TRAUMATIC_BRAIN_INJURY in _read(note)


FEMORAL_NECK_FRACTURES = "D005265"
NECK_INJURIES = "D019838"


def test_a_broken_or_fractured_part_is_that_parts_fracture() -> None:
    # Issue 12: people write "broken" and "fractured", before or after the part, and a
    # closed compound for the bone ("cheekbone"); MeSH names the fracture by the bone's
    # adjective (Zygomatic Fractures), which the table keeps with its source.
    for note, descriptor in [
        ("Assaulted last night, cheekbone fracture, trismus.", ZYGOMATIC_FRACTURES),
        ("Cheek bone broken in a fall, for fixation.", ZYGOMATIC_FRACTURES),
    ]:
        _assert_read_by_judge_and_search(note, descriptor)
    # Before its part, a fracture word is read in a typed query only.
    for query, descriptor in [
        ("broken cheekbone", ZYGOMATIC_FRACTURES),
        ("fractured left hip", HIP_FRACTURES),
        ("fractured neck of femur", FEMORAL_NECK_FRACTURES),
    ]:
        assert [r.concept.id for r in vocabulary.part_fracture(query)] == [descriptor], query


def test_a_fracture_word_beside_a_part_never_reads_the_parts_injuries() -> None:
    # "fractured neck of femur" is the femur's fracture, not a neck injury; a part with no
    # fracture heading ("neck fracture") reads no injury rather than *Neck Injuries*.
    for note in ["Fractured neck of femur after a fall.", "Neck fracture on CT, collar on."]:
        assert NECK_INJURIES not in _read(note), note
    assert _read("Broken heart after her husband died.") == {}


def test_a_torn_or_ruptured_part_is_not_read_as_its_injury() -> None:
    for text in ["torn shoulder tendon", "ruptured shoulder tendon"]:
        assert part_injuries(text, load_vocabulary().find_mentions(text)) == []


def test_the_fracture_adjectives_are_validated_data_with_their_source() -> None:
    table = vocabulary._part_injury_table()
    assert table.fracture_adjectives.adjectives["zygoma"] == "zygomatic"
    assert "MeSH" in table.fracture_adjectives.source
    raw = resources.files("trialfinder").joinpath("data", "vocabulary", PART_INJURY_FILE)
    data = json.loads(raw.read_text())
    data["fracture_adjectives"]["adjectives"]["Zygoma"] = "zygomatic"
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(json.dumps(data).encode(), type=PartInjuryTable)
