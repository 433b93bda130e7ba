"""The Jinja environment: autoescaping on for every template, display words as filters.

Templates are compiled once per process and never re-checked on disk
(``auto_reload=False``): a changed template takes a restart, as changed code does.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined

from trialfinder import __version__
from trialfinder.present import trial as display
from trialfinder.vocabulary import lay_phenotype_release
from trialfinder.web.presenter import (
    code_spans,
    example_request,
    query_link,
    superscript_powers,
)

__all__ = ["build_fingerprint", "static_url", "template_environment"]


@cache
def _static_versions() -> dict[str, str]:
    """A short content hash per static file, so browsers may cache them for long."""
    static = resources.files("trialfinder.web") / "static"
    return {
        entry.name: hashlib.blake2b(entry.read_bytes(), digest_size=6).hexdigest()
        for entry in static.iterdir()
        if entry.is_file()
    }


def static_url(name: str) -> str:
    return f"/static/{name}?v={_static_versions().get(name, '0')}"


@cache
def build_fingerprint() -> str:
    """The version, templates and static files this process renders with: part of every
    page ETag, so a deployment with changed pages never answers an old ETag with 304."""
    digest = hashlib.blake2b(__version__.encode(), digest_size=8)
    templates = resources.files("trialfinder.web") / "templates"
    for entry in sorted(templates.iterdir(), key=lambda entry: entry.name):
        if entry.is_file():
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    digest.update(repr(sorted(_static_versions().items())).encode())
    return digest.hexdigest()


@cache
def template_environment() -> Environment:
    """One shared environment; ``autoescape=True`` applies to every template whatever its name."""
    environment = Environment(
        loader=PackageLoader("trialfinder.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    environment.globals["hpo_release"] = lay_phenotype_release()
    environment.filters.update(
        {
            "status_label": display.status_label,
            "phase_label": display.phase_label,
            "study_type_label": display.study_type_label,
            "intervention_type_label": display.intervention_type_label,
            "enrollment_label": display.enrollment_label,
            "sex_label": display.sex_label,
            "healthy_volunteers_label": display.healthy_volunteers_label,
            "location_label": display.location_label,
            "distance_label": display.distance_label,
            "superscript_powers": superscript_powers,
            "code_spans": code_spans,
        }
    )
    environment.globals.update(
        {"static_url": static_url, "query_link": query_link, "example_request": example_request}
    )
    return environment
