"""The judge's cue words are data, and a bad rules file fails on load naming file and entry.

The readers of ``trialfinder.judging`` find their cue words ("separate from the malignancy
for which …", "in the adjuvant setting", "unable to give consent") through the lists of
``data/screening_rules.json``, so a word is added there, not in a pattern. A list written
wrong must fail when the file is read, saying which file and which entry, not leave a
pattern that matches everywhere (an empty phrase) or nothing. The criteria are real
registry text (``../shared``'s ctgov_v2 studies and the judge's earlier tests).
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from conftest import packaged_data
from test_judge_entailment import facts
from trialfinder import criterion_from_text
from trialfinder.judging.consent_capacity import settled_by_text
from trialfinder.judging.let_off import in_a_concession
from trialfinder.judging.treatment_given import asked_given, noted_start_year
from trialfinder.patient import read_screening_rules


def _read(data: dict[str, Any]) -> None:
    read_screening_rules(msgspec.json.encode(data))


def test_the_shipped_rules_file_reads() -> None:
    rules = read_screening_rules(msgspec.json.encode(packaged_data("screening_rules.json")))
    assert rules.judge_cues is not None
    assert "adjuvant" in rules.judge_cues.treatment_setting_words


def test_an_empty_phrase_fails_on_load_naming_the_file_and_the_entry() -> None:
    data = packaged_data("screening_rules.json")
    data["judge_cues"]["allergy_clause_stems"][2] = ""
    with pytest.raises(
        ValueError, match=r"screening_rules\.json.*\$\.judge_cues\.allergy_clause_stems\[2\]"
    ):
        _read(data)


def test_a_phrase_padded_with_spaces_fails_on_load() -> None:
    data = packaged_data("screening_rules.json")
    data["judge_cues"]["concession_verbs"].append("still ")
    with pytest.raises(
        ValueError, match=r"screening_rules\.json.*\$\.judge_cues\.concession_verbs\[5\]"
    ):
        _read(data)


def test_a_cue_list_of_the_wrong_type_fails_on_load_naming_the_entry() -> None:
    data = packaged_data("screening_rules.json")
    data["judge_cues"]["treatment_setting_words"] = "adjuvant"
    with pytest.raises(
        ValueError, match=r"screening_rules\.json.*\$\.judge_cues\.treatment_setting_words"
    ):
        _read(data)


def test_an_empty_or_missing_cue_list_fails_on_load_naming_it() -> None:
    data = packaged_data("screening_rules.json")
    data["judge_cues"]["specimen_nouns"] = []
    with pytest.raises(ValueError, match=r"screening_rules\.json.*\$\.judge_cues\.specimen_nouns"):
        _read(data)
    del data["judge_cues"]["specimen_nouns"]
    with pytest.raises(ValueError, match=r"screening_rules\.json.*specimen_nouns.*\$\.judge_cues"):
        _read(data)


def test_an_entry_the_rules_do_not_know_fails_on_load() -> None:
    data = packaged_data("screening_rules.json")
    data["judge_cues"]["treatment_settings"] = ["adjuvant"]
    with pytest.raises(ValueError, match=r"screening_rules\.json.*treatment_settings"):
        _read(data)


def test_the_setting_and_start_year_a_criterion_asks_are_read_from_the_data() -> None:
    text = "Patients treated with nivolumab in the neo-adjuvant setting"
    asked = asked_given(text, text.index("nivolumab") + len("nivolumab"))
    assert asked is not None and asked.setting == "neo-adjuvant"
    text = "Patients whose nivolumab treatment has been initiated in 2018"
    asked = asked_given(text, text.index("nivolumab") + len("nivolumab"))
    assert asked is not None and asked.years == (2018, 2018)
    assert noted_start_year("Nivolumab drips every month from June 2018 to June 2019.") == 2018


def test_a_concession_beside_an_exclusion_is_found_by_its_data_words() -> None:
    text = (
        "Coagulation abnormality prohibiting a biopsy, (but patients can still give their "
        "consent for blood and bone marrow samples)"
    )
    criterion = criterion_from_text(text, section="exclusion")
    consent = [c for c in criterion.constraints if "consent" in getattr(c, "text", "").lower()]
    assert consent and all(in_a_concession(text, c) for c in consent)


def test_an_inclusion_asking_an_inability_is_not_met_by_the_consent_given() -> None:
    patient = facts(age=60, sex="male", note="He has given informed consent for the study.")
    unable = criterion_from_text("Unable to provide informed consent", section="inclusion")
    able = criterion_from_text("Able to provide informed consent", section="inclusion")
    assert (settled_by_text(unable, patient) or ("",))[0] == "not_met"
    assert (settled_by_text(able, patient) or ("",))[0] == "met"
