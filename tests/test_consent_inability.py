"""An exclusion of an inability to consent (issue 12): "Inability to give informed consent",
"patients who cannot read explanation and consent form", "Unable or unwilling to give
informed consent" (exclusions of round and API v2 trials) parse as the plain concept of
consent, which lost the inability: a note naming consent at all ("Reads and understands the
consent form") met them — the wrong direction. They follow the note's word on the patient's
ability now: not met when the note says the patient can (reads and signs their own forms, has
capacity, has consented), met when it says the patient cannot (lacks capacity, cannot read or
write, refuses consent), and never met by a bare mention of consent.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged

ASKS_INABILITY = (
    "patients who cannot read explanation and consent form",
    "inability to give informed consent offered in English or through a hospital-provided "
    "translator",
    "Unable or unwilling to give informed consent",
    "Inability to understand the protocol or to give informed consent.",
    "Participant unable to provide written/verbal informed consent.",
    "Participants who refuse to provide consent",
)

CAN = (
    "Right upper lobe adenocarcinoma listed for VATS lobectomy. Reads and understands the "
    "consent form.",
    "English is her first language; reads and signs her own forms.",
    "I was born in Ohio, English is all I speak and I read fine with my glasses.",
    "Alert and oriented, has capacity to consent.",
)
CANNOT = (
    "Advanced dementia, lacks capacity; daughter holds power of attorney.",
    "He cannot read or write; his wife reads his letters to him.",
)
MENTIONS_ONLY = (
    "Consent form for the operation to be discussed next week.",
    "Surgical consent discussed with the registrar.",
)


def _assert_all(notes: tuple[str, ...], status: str) -> None:
    for text in ASKS_INABILITY:
        for note in notes:
            judgement = judged(text, "exclusion", facts(age=60, sex="female", note=note))
            assert judgement.status == status, (text, note, judgement.reason)


def test_a_note_saying_the_patient_can_read_and_consent_leaves_an_inability_not_met() -> None:
    _assert_all(CAN, "not_met")


def test_a_note_saying_the_patient_cannot_consent_or_read_meets_an_inability() -> None:
    _assert_all(CANNOT, "met")


def test_a_bare_mention_of_consent_never_meets_an_inability_to_consent() -> None:
    _assert_all(MENTIONS_ONLY, "unknown")


def test_an_inability_asking_more_than_consent_is_not_cleared_by_reading() -> None:
    more = "Unable or unwilling to consent and follow up"
    judgement = judged(more, "exclusion", facts(age=60, sex="female", note=CAN[1]))
    assert judgement.status == "unknown", judgement.reason
