"""The note ranking's cue words are data, and a bad cue file fails on load naming the entry.

``trialfinder.retrieval`` finds its cue words ("Referred for …", "HIV and syphilis tests
negative", "cycle 3 of FOLFOX", "s/p left lower lobectomy") through the lists of
``data/retrieval_cues.json``, so a word is added there, not in a pattern. A list written wrong
must fail when the file is read, saying which file and which entry, not leave a pattern that
matches everywhere (an empty phrase) or nothing. The sentences are the notes sets' own
(bench/*patient_notes.jsonl).
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from conftest import packaged_data
from trialfinder.phrases import slot_pattern
from trialfinder.retrieval import _LIST_NEGATIVE_AFTER, _REFERRED_FOR, read_retrieval_cues


def _read(data: dict[str, Any]) -> None:
    read_retrieval_cues(msgspec.json.encode(data))


def test_the_shipped_cue_file_reads() -> None:
    cues = read_retrieval_cues(msgspec.json.encode(packaged_data("retrieval_cues.json")))
    assert "referral" in cues.referral_words


def test_an_empty_phrase_fails_on_load_naming_the_file_and_the_entry() -> None:
    data = packaged_data("retrieval_cues.json")
    data["mass_words"][2] = ""
    with pytest.raises(ValueError, match=r"retrieval_cues\.json.*\$\.mass_words\[2\]"):
        _read(data)


def test_a_phrase_padded_with_spaces_fails_on_load() -> None:
    data = packaged_data("retrieval_cues.json")
    data["negation_words"].append("never ")
    with pytest.raises(ValueError, match=r"retrieval_cues\.json.*\$\.negation_words\[10\]"):
        _read(data)


def test_an_empty_or_missing_cue_list_fails_on_load_naming_it() -> None:
    data = packaged_data("retrieval_cues.json")
    data["benign_words"] = []
    with pytest.raises(ValueError, match=r"retrieval_cues\.json.*\$\.benign_words"):
        _read(data)
    del data["benign_words"]
    with pytest.raises(ValueError, match=r"retrieval_cues\.json.*benign_words"):
        _read(data)


def test_an_entry_the_module_does_not_know_fails_on_load() -> None:
    data = packaged_data("retrieval_cues.json")
    data["benign_word"] = ["benign"]
    with pytest.raises(ValueError, match=r"retrieval_cues\.json.*benign_word"):
        _read(data)


def test_a_slot_refusing_the_words_before_keeps_a_thyroid_lobectomy_out() -> None:
    pattern = slot_pattern(r"{organs:not_after}\blobectomy\b", lambda name: ["thyroid", "liver"])
    assert pattern == r"(?<!thyroid )(?<!liver )\blobectomy\b"


def test_the_referral_and_a_list_of_tests_found_negative_are_read_by_the_data_words() -> None:
    # bench's notes: a referral, and fresh15's hepatitis B note
    assert _REFERRED_FOR.search("Referred for endodontic microsurgery.") is not None
    text = "attending for a check-up after a new partner; HIV and syphilis tests negative."
    after_hiv = text.index("HIV") + len("HIV")
    assert _LIST_NEGATIVE_AFTER.match(text, after_hiv) is not None
    assert _LIST_NEGATIVE_AFTER.match(text, text.index("new") + len("new")) is None
