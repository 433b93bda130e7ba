"""The setting of a disease, as a note and a trial's title state it: the line of treatment
(untreated or pretreated), the place of surgery (before it, after it, or unresectable), the
intent of the treatment (radical or palliative) and the treatment a note asks about
(radiotherapy: "referred for PMRT", "consented for radical radiotherapy").

Among the trials for one disease the setting often decides which is the patient's: a
myeloma that "relapsed after two lines" does not belong in a trial for newly diagnosed
myeloma, nor a treatment-naive lung cancer in one for disease that "progressed on"
osimertinib, nor a cervical cancer planned for radical chemoradiation in a trial of
palliative radiation, although the titles share every word of the disease; and a referral for
radiotherapy after a mastectomy asks about the radiotherapy trials of early breast cancer, not
its adjuvant endocrine drug trials. One reader reads both
sides; the cues are data (``data/treatment_setting.json``), and a note's cue negated in
its clause ("no progression") says nothing.
"""

from __future__ import annotations

import functools
import re
from typing import Literal

from trialfinder.phrases import phrase_alternation
from trialfinder.side_cues import Side, SideCueRules, SideReader

__all__ = ["Setting", "asked_treatment_fit", "note_settings", "setting_fit", "title_settings"]

# The axis of the treatment a note asks about: weighed apart from the setting axes.
_ASKED_AXIS = "treatment"
# A note's cues are read clause by clause (a cue's negation is read within its clause too).
_CLAUSES = re.compile(r"[,;.:()\n]")

Setting = Literal[
    "untreated",
    "pretreated",
    "before_surgery",
    "after_surgery",
    "unresectable",
    "radical",
    "palliative",
    "radiotherapy",
]


class SettingRules(SideCueRules, frozen=True, forbid_unknown_fields=True):
    """``data/treatment_setting.json``: the axes, cue phrases by kind, and each kind's settings;
    the words that make an operation the note names a planned one."""

    axes: dict[str, list[Setting]]
    settings_of: dict[str, list[Setting]]
    plan_description: str
    note_plan_leads: list[str]
    note_plan_after: list[str]
    planned_operations: list[str]


@functools.cache
def _reader() -> SideReader[SettingRules]:
    """The rules, validated: every cue kind names its settings, every setting is on an axis."""
    reader = SideReader(
        "treatment_setting.json", SettingRules, lambda rules: rules.settings_of, "settings"
    )
    on_axes = {setting for settings in reader.rules.axes.values() for setting in settings}
    stray = sorted(
        {s for settings in reader.rules.settings_of.values() for s in settings} - on_axes
    )
    if stray:
        raise ValueError(f"treatment_setting.json: settings on no axis {stray}")
    return reader


def _stated(text: str, side: Side) -> set[Setting]:
    reader = _reader()
    return {
        setting for kind in reader.kinds(text, side) for setting in reader.rules.settings_of[kind]
    }


@functools.cache
def _planned_operation() -> re.Pattern[str]:
    """An operation named as planned in its clause: after a plan lead ("planned for left
    modified radical mastectomy") or followed by a plan word ("mastectomy next month")."""
    rules = _reader().rules
    operation = rf"(?<![a-z0-9])(?:{phrase_alternation(rules.planned_operations)})(?![a-z0-9])"
    return re.compile(
        rf"(?<![a-z0-9])(?:{phrase_alternation(rules.note_plan_leads)})(?![a-z0-9])[^,;.:()]*?"
        rf"{operation}|{operation}\s+(?:[a-z]+\s+){{0,2}}?"
        rf"(?:{phrase_alternation(rules.note_plan_after)})(?![a-z0-9])"
    )


def _note_stated(text: str) -> set[Setting]:
    """The note's settings: each clause's cues, a clause naming its operation as planned
    stating the setting before surgery, not after it."""
    stated: set[Setting] = set()
    for clause in _CLAUSES.split(text.lower()):
        settings = _stated(clause, "note")
        if "after_surgery" in settings and _planned_operation().search(clause):
            settings = (settings - {"after_surgery"}) | {"before_surgery"}
        stated |= settings
    return stated


def note_settings(text: str) -> frozenset[Setting]:
    """The patient's settings, at most one per axis (empty: the note does not say).

    Of two settings a note states on one axis the furthest is the patient's now: "first
    line letrozole for 20 months, now progression" is pretreated disease.
    """
    stated = _note_stated(text)
    return frozenset(
        next(setting for setting in reversed(settings) if setting in stated)
        for settings in _reader().rules.axes.values()
        if stated.intersection(settings)
    )


def title_settings(text: str) -> frozenset[Setting]:
    """The settings a trial's title or conditions admit (empty on an axis: any)."""
    return frozenset(_stated(text, "title"))


def setting_fit(patient: frozenset[Setting], trial: frozenset[Setting]) -> int:
    """Per axis both sides state: +1 when the trial admits the patient's setting, -1 when it
    admits only others ("newly diagnosed" for a relapsed myeloma); summed over the axes (the
    treatment the note asks about is weighed apart: :func:`asked_treatment_fit`)."""
    fit = 0
    for axis, settings in _reader().rules.axes.items():
        if axis == _ASKED_AXIS:
            continue
        mine, admitted = patient.intersection(settings), trial.intersection(settings)
        if mine and admitted:
            fit += 1 if mine & admitted else -1
    return fit


def asked_treatment_fit(patient: frozenset[Setting], trial: frozenset[Setting]) -> int:
    """1 when the trial's title is about the treatment the note asks about ("referred for
    PMRT" and "Adjuvant Radiotherapy in Breast Cancer"), else 0: a trial of another treatment
    is not put below, since the note may not say that radiotherapy is all it asks about."""
    asked = frozenset(_reader().rules.axes[_ASKED_AXIS])
    return int(bool(patient & trial & asked))
