"""Search results and location counts as plain text for the terminal."""

from __future__ import annotations

import math
from collections.abc import Sequence

from trialfinder.search import LocationCount, SearchQuery, SearchResult, SiteDistance

__all__ = ["render_locations_text", "render_result_text", "text_match_notice", "who_read_notice"]

_SEX_WORDS = {"MALE": "studies open to men", "FEMALE": "studies open to women"}
# An age span reaching this high has no upper end ("65 and older").
_NO_UPPER_AGE = 120.0

_DISTANCE_NOTE = (
    "Distances are to registry coordinates, which are city centroids, not site addresses."
)


def _site_line(site: SiteDistance) -> str:
    where = ", ".join(part for part in (site.facility, site.city, site.state, site.country) if part)
    return f"{site.distance_km:,.1f} km  {where}"


def text_match_notice(result: SearchResult) -> str | None:
    """What the results say about the words matched, when not all of them were.

    The one wording of the terminal and the search page, so a query that a place or a
    filter narrows to nothing specific never turns silently into trials about
    something else ("knee osteoarthritis stem cells" near Seoul: myeloma trials that
    share only "stem cells" are shown as what they are; "cervical cancer": trials
    that hold "cervical" and "cancer" apart follow those that name it, and biliary tract
    cancer trials follow "gallbladder cancer" ones; a trial holding every word, the
    condition only in its criteria, follows those naming it as their subject:
    search.index._about_the_conditions).
    """
    if result.match_mode == "all":
        return None
    where = f" near {result.place}" if result.place else ""
    if result.complete_matches is None:
        return "Trials matching some of the most telling words of this description."
    if result.complete_matches == 0:
        return (
            f"No trial{where} matches all of the search words as its subject; these match"
            " some of them, name them only in passing, hold them apart, or are about a broader"
            " condition."
        )
    plural = "trial matches" if result.complete_matches == 1 else "trials match"
    return (
        f"{result.complete_matches:,} {plural} all of the search words{where} and come first;"
        " the others match some of them, name them only in passing, hold them apart, or are"
        " about a broader condition."
    )


def who_read_notice(query: SearchQuery) -> str | None:
    """What the search read from the typed words as who the patient is
    (:mod:`trialfinder.search.who`), and the words it searched instead: the one wording of
    the terminal and the search page, so a filter the user did not set is never silent."""
    if not query.read_from_text:
        return None
    meant: list[str] = []
    if query.sex in _SEX_WORDS:
        meant.append(_SEX_WORDS[query.sex])
    if query.age_years is not None:
        meant.append(f"studies open to age {query.age_years:g}")
    elif query.age_span is not None:
        youngest, oldest = query.age_span
        if oldest >= _NO_UPPER_AGE:
            ages = f"{youngest:g} and older"
        elif not oldest.is_integer():
            # A span that stops short of a birthday ("babies": under two) says so.
            below = f"under {math.ceil(oldest)}"
            ages = below if youngest == 0 else f"{youngest:g} to {below}"
        else:
            ages = f"{youngest:g} to {oldest:g}"
        meant.append(f"studies open to ages {ages}")
    read = ", ".join(f"“{phrase}”" for phrase in query.read_from_text)
    searched = f"; searched for “{query.text}”" if query.text else ""
    return f"Read {read} as who the search is for: {' and '.join(meant)}{searched}."


def render_result_text(
    result: SearchResult, *, other_sites: int = 3, query: SearchQuery | None = None
) -> str:
    """Plain-text results for the terminal: one block per trial, nearest site first."""
    lines = [f"{result.total:,} trials" + (f" near {result.place}" if result.place else "")]
    if query is not None and (read := who_read_notice(query)) is not None:
        lines.append(f"{read} (--as-typed searches these words as words)")
    if result.corrected_query is not None:
        lines.append(f"Showing results for {result.corrected_query}")
    for suggestion in result.suggestions:
        lines.append(f"Did you mean: {suggestion}")
    notice = text_match_notice(result)
    if notice is not None:
        lines.append(notice)
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
