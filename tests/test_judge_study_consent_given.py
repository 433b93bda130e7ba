"""Consent to the study the note says was given (issue 12): "Consented to the trial",
"Consent taken in clinic, keen to take part in research", "Consent form signed",
"Parents signed consent, child assent obtained" settle a criterion about giving consent
("Willing to provide informed consent" met; "Patients not giving consent for the study",
"Women who do not provide written consent" not met), as "has given informed consent" did.

A bare "Consented" or "Consent taken" beside a plan of surgery is the operation's consent,
not the study's, and a consent the note places in another project ("took part in our
photography project, consented then") or a consent to a procedure ("signed consent for the
laparotomy") settles nothing: the criterion stays with the study team.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged

WILLING = "Willing to provide informed consent"
NOT_GIVING = "Patients not giving consent for the study"
NO_WRITTEN = "Women who do not provide written consent"

STUDY_CONSENT = (
    "Small duodenal NET, Child-Pugh A cirrhosis. Consented to the trial.",
    "Listed for a mini gastric bypass. Consent taken in clinic, keen to take part in research.",
    "Screening form: 34, married, two children. Consent form signed.",
    "Discussed registry - patient has signed the consent form.",
    "Medulloblastoma, 9. Parents signed consent, child assent obtained.",
)

NOT_STUDY_CONSENT = (
    "Weight regain after sleeve, listed for revision. Consented.",
    "Tongue cancer for hemiglossectomy next week. Consent taken.",
    "Plan GA + interscalene block, consented.",
    "Opted for radical RT (60 Gy/20#) with 6/12 ADT; consented 18/11/2026.",
    "She signed consent for the laparotomy on Monday.",
    "She took part in our breast photography project in 2024, consented then.",
    "Snores; he consented to a sleep study next month.",
    "Consented to a trial of extubation tomorrow.",
    "We have read the information sheet and will sign the consent with him.",
)


def test_a_note_saying_study_consent_was_given_meets_a_willingness_to_consent() -> None:
    for note in STUDY_CONSENT:
        judgement = judged(WILLING, "inclusion", facts(age=50, sex="female", note=note))
        assert judgement.status == "met", (note, judgement.reason)


def test_a_note_saying_study_consent_was_given_leaves_an_exclusion_of_refusal_not_met() -> None:
    for note in STUDY_CONSENT:
        for text in (NOT_GIVING, NO_WRITTEN):
            judgement = judged(text, "exclusion", facts(age=50, sex="female", note=note))
            assert judgement.status == "not_met", (text, note, judgement.reason)


def test_a_consent_to_an_operation_or_another_project_settles_no_study_consent() -> None:
    for note in NOT_STUDY_CONSENT:
        for text, section in ((WILLING, "inclusion"), (NOT_GIVING, "exclusion")):
            judgement = judged(text, section, facts(age=50, sex="female", note=note))
            assert judgement.status == "unknown", (text, note, judgement.reason)


def test_a_consent_form_the_note_says_was_not_signed_is_no_consent_given() -> None:
    note = "Research nurse saw her; she has not signed the consent form for the study."
    assert facts(age=50, sex="female", note=note).consent_evidence == ""
