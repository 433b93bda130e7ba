"""The setting of a disease, as a note and a trial's title state it: the line of treatment
(untreated or pretreated) and the place of surgery (before it, after it, or unresectable).

Among the trials for one disease the setting often decides which is the patient's: a
myeloma that "relapsed after two lines" does not belong in a trial for newly diagnosed
myeloma, nor a treatment-naive lung cancer in one for disease that "progressed on"
osimertinib, although the titles share every word of the disease. One reader reads both
sides; the cues are data (``data/treatment_setting.json``), and a note's cue negated in
its clause ("no progression") says nothing.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Literal

import msgspec

__all__ = ["Setting", "note_settings", "setting_fit", "title_settings"]

Setting = Literal["untreated", "pretreated", "before_surgery", "after_surgery", "unresectable"]
Side = Literal["note", "title"]
# A negation before a cue in its clause: "no progression", "without relapse".
_NEGATED = re.compile(r"\b(?:no|not|never|without|negative for|free of|n't)\b[^,;.:()]*$")


class SettingRules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``data/treatment_setting.json``: the axes, cue phrases by kind, and each kind's settings."""

    version: str
    description: str
    axes: dict[str, list[Setting]]
    note_cues: dict[str, list[str]]
    title_cues: dict[str, list[str]]
    settings_of: dict[str, list[Setting]]


@functools.cache
def _rules() -> SettingRules:
    """The rules, validated: every cue kind names its settings, every setting is on an axis."""
    data = (resources.files("trialfinder") / "data" / "treatment_setting.json").read_bytes()
    rules = msgspec.json.decode(data, type=SettingRules)
    unknown = sorted({*rules.note_cues, *rules.title_cues} - rules.settings_of.keys())
    if unknown:
        raise ValueError(f"treatment_setting.json: cue kinds without settings {unknown}")
    on_axes = {setting for settings in rules.axes.values() for setting in settings}
    stray = sorted({s for settings in rules.settings_of.values() for s in settings} - on_axes)
    if stray:
        raise ValueError(f"treatment_setting.json: settings on no axis {stray}")
    return rules


@functools.cache
def _pattern(side: Side) -> tuple[dict[str, str], re.Pattern[str]]:
    cues = _rules().note_cues if side == "note" else _rules().title_cues
    kind_of = {phrase: kind for kind, phrases in cues.items() for phrase in phrases}
    alternation = "|".join(re.escape(p) for p in sorted(kind_of, key=len, reverse=True))
    return kind_of, re.compile(rf"(?<![a-z0-9])(?:{alternation})(?![a-z0-9])")


def _stated(text: str, side: Side) -> set[Setting]:
    kind_of, pattern = _pattern(side)
    lowered = text.lower()
    return {
        setting
        for found in pattern.finditer(lowered)
        # A title's "with or without adjuvant therapy" negates nothing.
        if side == "title" or _NEGATED.search(lowered, 0, found.start()) is None
        for setting in _rules().settings_of[kind_of[found.group()]]
    }


def note_settings(text: str) -> frozenset[Setting]:
    """The patient's settings, at most one per axis (empty: the note does not say).

    Of two settings a note states on one axis the furthest is the patient's now: "first
    line letrozole for 20 months, now progression" is pretreated disease.
    """
    stated = _stated(text, "note")
    return frozenset(
        next(setting for setting in reversed(settings) if setting in stated)
        for settings in _rules().axes.values()
        if stated.intersection(settings)
    )


def title_settings(text: str) -> frozenset[Setting]:
    """The settings a trial's title or conditions admit (empty on an axis: any)."""
    return frozenset(_stated(text, "title"))


def setting_fit(patient: frozenset[Setting], trial: frozenset[Setting]) -> int:
    """Per axis both sides state: +1 when the trial admits the patient's setting, -1 when it
    admits only others ("newly diagnosed" for a relapsed myeloma); summed over the axes."""
    fit = 0
    for settings in _rules().axes.values():
        mine, admitted = patient.intersection(settings), trial.intersection(settings)
        if mine and admitted:
            fit += 1 if mine & admitted else -1
    return fit
