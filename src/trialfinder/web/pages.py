"""The HTML pages: find trials, read one trial, trials by location.

Server-rendered GET forms, so every page works with JavaScript off and every
result page has a shareable URL. Handlers only gather what the library
computes and hand it to a template.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from trialfinder import display
from trialfinder.geo import MapPoint, Place, UnknownPlaceError, nearest_sites, render_sites_svg, resolve_place
from trialfinder.model import Location, Trial
from trialfinder.store import Store
from trialfinder.web.presenter import text_blocks
from trialfinder.web.templating import template_environment

__all__ = ["TrialNotFound", "render_page", "router"]

router = APIRouter(include_in_schema=False)

_CRITERIA_TITLES = {
    "inclusion": "Inclusion criteria",
    "exclusion": "Exclusion criteria",
    "other": "Eligibility criteria",
}


class TrialNotFound(LookupError):
    """No trial with that NCT id: answered with the 404 page."""


def render_page(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("nav", None)
    html = template_environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status_code)


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _place_or_none(text: str | None) -> Place | None:
    if not text or not text.strip():
        return None
    try:
        return resolve_place(text)
    except (UnknownPlaceError, ValueError):
        return None


def _sites_svg(locations: list[Location], title: str) -> Markup | None:
    points = [point for point in map(MapPoint.from_location, locations) if point is not None]
    if not points:
        return None
    # render_sites_svg escapes every label and emits no script, style or link.
    return Markup(render_sites_svg(points, title=title))


def _trial_context(trial: Trial, near: Place | None) -> dict[str, Any]:
    design = trial.design
    design_fields = [
        (heading, value)
        for heading, value in (
            ("Primary purpose", display.primary_purpose_label(design.primary_purpose)),
            ("Allocation", display.allocation_label(design.allocation)),
            ("Interventional model", display.intervention_model_label(design.intervention_model)),
            ("Observational model", display.observational_model_label(design.observational_model)),
            ("Time perspective", display.time_perspective_label(design.time_perspective)),
            ("Masking", display.masking_label(design.masking, design.who_masked)),
        )
        if value
    ]
    arms = [
        {
            "label": arm.label,
            "type_label": display.arm_type_label(arm.type),
            "description": text_blocks(arm.description),
            "doses": [display.format_dose(dose) for dose in display.find_doses(arm.description)],
            "treatments": arm.intervention_names,
        }
        for arm in trial.arm_groups
    ]
    criteria = [
        {
            "kind": section.kind,
            "title": _CRITERIA_TITLES[section.kind],
            "heading": section.heading,
            "blocks": text_blocks(section.text),
        }
        for section in display.split_criteria_sections(trial.eligibility.criteria_text)
    ]
    if near is not None:
        measured = nearest_sites(trial.locations, near.latitude, near.longitude)
        measured_ids = {id(location) for location, _ in measured}
        locations: list[tuple[Location, float | None]] = [
            *measured,
            *((location, None) for location in trial.locations if id(location) not in measured_ids),
        ]
    else:
        locations = [(location, None) for location in trial.locations]
    last_updated = trial.last_update_posted_date
    return {
        "trial": trial,
        "sponsor": trial.lead_sponsor or trial.organization,
        "about": text_blocks(trial.brief_summary),
        "description": text_blocks(trial.detailed_description),
        "age_range": display.age_range_label(
            trial.eligibility.minimum_age, trial.eligibility.maximum_age
        ),
        "criteria": criteria,
        "design_fields": design_fields,
        "participants": display.participants_label(trial.enrollment, len(trial.arm_groups)),
        "arms": arms,
        "near": near,
        "locations": locations,
        "map_svg": _sites_svg(trial.locations, f"Sites of {trial.nct_id}"),
        "last_updated": last_updated.date if last_updated else trial.source_last_updated,
        "qualify_url": None,
    }


@router.get("/trials/{nct_id}", response_class=HTMLResponse)
def trial_page(request: Request, nct_id: str, near: str | None = None) -> HTMLResponse:
    """One trial, every section of the reference pages in their order."""
    trial = _store(request).get_trial(nct_id)
    if trial is None:
        raise TrialNotFound(nct_id)
    return render_page("trial.html", **_trial_context(trial, _place_or_none(near)))
