"""Search results as files a person keeps or follows: CSV, JSON and an Atom feed.

A coordinator takes a list of studies into a spreadsheet (CSV) or a script (JSON);
a patient follows a search in any feed reader without an account (Atom, RFC 4287:
one entry per trial, newest update first, so a reader shows what is new or changed
since it last looked). Pure functions of the hits; the web face decides how many.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from trialfinder.present.trial import phase_label, status_label
from trialfinder.present.xml_text import xml_legal
from trialfinder.search import SearchHit

__all__ = ["CSV_COLUMNS", "results_atom", "results_csv", "results_json"]

CSV_COLUMNS = (
    "nct_id",
    "title",
    "status",
    "phases",
    "conditions",
    "last_updated",
    "nearest_site",
    "distance_km",
    "url",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_EPOCH = "1970-01-01T00:00:00Z"


def _cell(text: str) -> str:
    """Trial text made inert in a spreadsheet: a leading ``=`` would run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _site(hit: SearchHit) -> tuple[str, str]:
    site = hit.nearest_site
    if site is None:
        return "", ""
    where = ", ".join(part for part in (site.facility, site.city, site.state, site.country) if part)
    return where, f"{site.distance_km:.1f}"


def results_csv(hits: Sequence[SearchHit]) -> str:
    """One row per trial under a header row (:data:`CSV_COLUMNS`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for hit in hits:
        where, distance = _site(hit)
        row = (
            hit.nct_id,
            hit.title,
            hit.status or "",
            "|".join(hit.phases),
            "|".join(hit.conditions),
            hit.last_updated or "",
            where,
            distance,
            f"https://clinicaltrials.gov/study/{hit.nct_id}",
        )
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def results_json(hits: Sequence[SearchHit], total: int, limit: int) -> str:
    """``total`` matches, ``results`` in the search API's shape, and whether ``limit`` cut them."""
    return json.dumps(
        {
            "total": total,
            "limit": limit,
            "truncated": total > len(hits),
            "results": [hit.to_dict() for hit in hits],
        },
        ensure_ascii=False,
    )


def _xml_text(text: str) -> str:
    return escape(xml_legal(text))


def _timestamp(date: str | None) -> str:
    """A registry date ("2025-07-12" or "2025-07") as an RFC 3339 timestamp at midnight UTC."""
    if not date or not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", date):
        return _EPOCH
    return (date if len(date) == 10 else date + "-01") + "T00:00:00Z"


def results_atom(
    hits: Sequence[SearchHit], *, title: str, feed_url: str, page_url: str, base_url: str
) -> str:
    """An Atom feed of the hits (sorted by last update by the caller); ids are trial URLs
    here, so a reader shows a trial again only when its ``updated`` changes."""
    updated = max((_timestamp(hit.last_updated) for hit in hits), default=_EPOCH)
    entries = []
    for hit in hits:
        trial_url = f"{base_url}/trials/{hit.nct_id}"
        words = [
            status_label(hit.status) or "",
            phase_label(hit.phases) or "",
            "; ".join(hit.conditions),
        ]
        summary = " · ".join(word for word in words if word)
        entries.append(
            "<entry>"
            f"<id>{_xml_text(trial_url)}</id>"
            f"<title>{_xml_text(hit.nct_id + ': ' + hit.title)}</title>"
            f"<updated>{_timestamp(hit.last_updated)}</updated>"
            f'<link rel="alternate" type="text/html" href={quoteattr(trial_url)}/>'
            f"<summary>{_xml_text(summary or hit.title)}</summary>"
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<id>{_xml_text(feed_url)}</id>"
        f"<title>{_xml_text(title)}</title>"
        f"<updated>{updated}</updated>"
        "<author><name>trialfinder</name></author>"
        f'<link rel="self" type="application/atom+xml" href={quoteattr(feed_url)}/>'
        f'<link rel="alternate" type="text/html" href={quoteattr(page_url)}/>'
        "<generator>trialfinder</generator>" + "".join(entries) + "</feed>\n"
    )
