"""A measure told as high or low after it (trialfinder.retrieval).

People write the disease of a raised or lowered measure as the measure and its level: NHS
"High blood pressure (hypertension)" and "Low blood pressure (hypotension)", MedlinePlus
"High Blood Pressure" and "High Cholesterol", whose words the vocabulary reads (MeSH
Hypertension's entry term "High Blood Pressure"). A note often puts the level after the
measure with a verb between: bench/fresh26's "My blood pressure stays high even on
amlodipine", bench/fresh's "My blood pressure was high on the 24-hour monitor", bench/fresh14's
"His blood pressure was high on the 24-hour machine". Such a clause read no disease (the lay
note of fresh26 read no condition at all); it is read as "<level> <measure>" when the
vocabulary names a disease so. A level denied ("is not high") or no level ("is controlled")
reads none.
"""

from __future__ import annotations

import pytest

from trialfinder import extract_facts
from trialfinder.patient import PatientProfile
from trialfinder.retrieval import patient_conditions

_HYPERTENSION = "D006973"
_HYPOTENSION = "D007022"
_HYPERCHOLESTEROLEMIA = "D006937"


def _ids(note: str) -> frozenset[str]:
    profile = PatientProfile(note=note)
    conditions = patient_conditions(profile, extract_facts(profile))
    return conditions.main_ids | conditions.other_ids


@pytest.mark.parametrize(
    ("note", "disease"),
    [
        # bench/fresh26 (lay-high-blood-pressure-overweight)
        (
            "Hello, I'm a 48 year old woman. My blood pressure stays high even on amlodipine, "
            "which I've taken for about a year.",
            _HYPERTENSION,
        ),
        # bench/fresh (sleep apnoea, lay)
        (
            "The sleep test last week showed obstructive sleep apnoea. My blood pressure was "
            "high on the 24-hour monitor and my GP started amlodipine.",
            _HYPERTENSION,
        ),
        # bench/fresh14 (a wife's note of her husband's sleep apnoea)
        (
            "The sleep study said moderate sleep apnoea. His blood pressure was high on the "
            "24-hour machine and the GP started him on ramipril.",
            _HYPERTENSION,
        ),
        ("I'm 70. My blood pressure has been low since the new tablets.", _HYPOTENSION),
        ("My cholesterol is still high although I eat well.", _HYPERCHOLESTEROLEMIA),
    ],
)
def test_a_measure_told_as_high_or_low_reads_as_its_disease(note: str, disease: str) -> None:
    assert disease in _ids(note)


@pytest.mark.parametrize(
    "note",
    [
        "I have asthma. My blood pressure is not high.",
        "I have asthma. His blood pressure is controlled on lisinopril.",
        "I have asthma. The blood pressure cuff was high on my arm.",
    ],
)
def test_a_measure_with_no_level_or_a_denied_level_reads_no_disease(note: str) -> None:
    ids = _ids(note)
    assert _HYPERTENSION not in ids
    assert _HYPOTENSION not in ids
