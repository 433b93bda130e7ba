"""An inclusion asking a new diagnosis of a disease ("Newly diagnosed glioblastoma",
"Patients with newly diagnosed multiple myeloma"), settled by the setting the note gives
that disease in the sentences naming it (``treatment_setting.note_settings``): relapsed,
refractory or previously treated, or a prior line of therapy there, is no new diagnosis;
untreated or newly diagnosed is one, and the criterion is then met when its other words
are. A note naming the disease and no setting leaves "newly" to the study team. The words
are data (``screening_rules.json`` ``new_diagnosis_*``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import msgspec

from trialfinder.criteria import Criterion
from trialfinder.criteria.model import ConceptMention, Constraint
from trialfinder.criteria.parse import parse_criterion
from trialfinder.judging.findings import Outcome
from trialfinder.patient import PatientFacts, load_screening_rules, screening_phrase
from trialfinder.treatment_setting import note_settings

__all__ = ["new_diagnosis_status"]


def new_diagnosis_status(
    criterion: Criterion,
    patient: PatientFacts,
    constraints: list[Constraint],
    own: Outcome,
    judged_without: Callable[[Criterion], Outcome],
) -> Outcome:
    """``own`` (an unknown inclusion asking a new diagnosis and no other setting) settled
    by the note's setting of the disease it names; ``judged_without`` judges the criterion
    with the words asking a new diagnosis taken out."""
    asked = screening_phrase("new_diagnosis_asked_words")
    if (
        criterion.section != "inclusion"
        or own[0] != "unknown"
        or not _asked_now(criterion.text)
        or screening_phrase("new_diagnosis_other_words").search(criterion.text)
    ):
        return own
    sentences = list(
        dict.fromkeys(
            fact.evidence
            for c in constraints
            if isinstance(c, ConceptMention) and not c.negated
            for fact in patient.concept_facts(c.concept)[0]
        )
    )
    if not sentences:
        return own
    settings = note_settings("\n".join(sentences))
    lines = patient.prior_lines
    if lines is not None and lines.evidence in sentences and (lines.low or 0) > 0:
        return (
            "not_met",
            lines.evidence,
            f"a prior line of therapy ({lines.how}); the criterion asks a new diagnosis",
        )
    if "pretreated" in settings:
        evidence = next(s for s in sentences if "pretreated" in note_settings(s))
        return (
            "not_met",
            evidence,
            "the note gives the disease as relapsed or treated before; "
            "the criterion asks a new diagnosis",
        )
    if "untreated" not in settings:
        return own
    text = re.sub(r"\s+", " ", asked.sub(" ", criterion.text)).strip()
    read, complete = parse_criterion(text, "inclusion")
    rest = msgspec.structs.replace(criterion, text=text, constraints=read, complete=complete)
    without = judged_without(rest)
    if without[0] != "met":
        return own
    evidence = next(s for s in sentences if "untreated" in note_settings(s))
    return (
        "met",
        evidence,
        f"the note gives the disease as newly diagnosed or untreated; {without[2]}",
    )


def _asked_now(text: str) -> bool:
    """Whether ``text`` asks a new diagnosis of the patient now: its new-diagnosis words,
    none right after a word making them the setting of something else ("History of
    induction therapy for newly diagnosed MM"; ``new_diagnosis_past_leads``)."""
    matches = list(screening_phrase("new_diagnosis_asked_words").finditer(text))
    leads = frozenset(load_screening_rules().new_diagnosis_past_leads)
    return bool(matches) and not any(
        re.findall(r"[a-z]+", text[: m.start()].lower())[-1:] in ([lead] for lead in leads)
        for m in matches
    )
