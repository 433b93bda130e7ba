"""Build trials from the five reference study pages in ../shared/seeds (test helper)."""

from __future__ import annotations

import re

from conftest import shared_path
from trialfinder.model import Eligibility, Trial, parse_age

__all__ = ["seed_trial"]


def _section(text: str, title: str) -> str:
    match = re.search(rf"\n{title}\n\n(.*?)\n\n", text, re.DOTALL)
    assert match is not None, title
    return match.group(1)


def seed_trial(nct_id: str) -> Trial:
    """The seed page as a Trial: criteria text, sex, ages and conditions as shown."""
    text = shared_path(f"seeds/{nct_id}.txt").read_text(encoding="utf-8")
    criteria = text[text.index("\nInclusion criteria") : text.index("\nTrial design")]
    ages = _section(text, "Ages")
    numbers = re.findall(r"\d+", ages)
    minimum = maximum = None
    if " to " in ages:
        minimum, maximum = f"{numbers[0]} Years", f"{numbers[1]} Years"
    elif ages.startswith("Under"):
        maximum = f"{numbers[0]} Years"
    elif "+" in ages:
        minimum = f"{numbers[0]} Years"
    conditions = text[text.index("\nConditions\n\n") + 13 : text.index("\n\nTreatments")]
    return Trial(
        nct_id=nct_id,
        source_format="ctgov_v2_json",
        conditions=conditions.split("\n"),
        eligibility=Eligibility(
            criteria_text=criteria,
            sex=_section(text, "Sex").upper(),
            minimum_age=parse_age(minimum),
            maximum_age=parse_age(maximum),
            healthy_volunteers="No Healthy" not in _section(text, "Volunteers"),
        ),
    )
