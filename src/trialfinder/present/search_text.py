"""Search results and location counts as plain text for the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from trialfinder.search import LocationCount, SearchResult, SiteDistance

__all__ = ["render_locations_text", "render_result_text"]

_DISTANCE_NOTE = (
    "Distances are to registry coordinates, which are city centroids, not site addresses."
)


def _site_line(site: SiteDistance) -> str:
    where = ", ".join(part for part in (site.facility, site.city, site.state, site.country) if part)
    return f"{site.distance_km:,.1f} km  {where}"


def render_result_text(result: SearchResult, *, other_sites: int = 3) -> str:
    """Plain-text results for the terminal: one block per trial, nearest site first."""
    lines = [f"{result.total:,} trials" + (f" near {result.place}" if result.place else "")]
    if result.place:
        lines.append(_DISTANCE_NOTE)
    for hit in result.hits:
        phases = "/".join(hit.phases) or "-"
        lines.append("")
        lines.append(f"{hit.nct_id}  {hit.status or 'UNKNOWN'}  {phases}  {hit.title}")
        if hit.conditions:
            lines.append(f"  conditions: {'; '.join(hit.conditions)}")
        if hit.nearest_site is not None:
            lines.append(f"  nearest site: {_site_line(hit.nearest_site)}")
            for site in hit.other_sites[:other_sites]:
                lines.append(f"  also: {_site_line(site)}")
            if len(hit.other_sites) > other_sites:
                lines.append(f"  and {len(hit.other_sites) - other_sites} more sites")
    if result.next_page_token:
        lines.append("")
        lines.append(f"More: --page-token {result.next_page_token}")
    return "\n".join(lines)


def render_locations_text(counts: Sequence[LocationCount], country: str | None) -> str:
    """ "Trials by location": countries (or one country's cities) with trial counts."""
    if not counts:
        return f"No trial sites recorded in {country}." if country else "No trial sites recorded."
    heading = f"Cities in {country}" if country else "Countries"
    width = max(len(count.name) for count in counts)
    return "\n".join(
        [
            f"{heading} (trials):",
            *(f"  {count.name:<{width}}  {count.trials:>7,}" for count in counts),
        ]
    )
