"""Presentation helpers for the HTML pages: nesting, superscripts, query links.

Only layout lives here; what words and numbers mean comes from
:mod:`trialfinder.present.trial`. Everything returned as markup is built from
escaped text, so registry text can never become HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urlencode

import msgspec
from markupsafe import Markup, escape

from trialfinder.criteria.model import Criterion, Section
from trialfinder.criteria.split import TEXT_LINE, CriterionText, criteria_outline
from trialfinder.present.snippets import Snippet
from trialfinder.present.thresholds import threshold_notes
from trialfinder.present.trial import (
    distance_label,
    phase_label,
    plain_doses,
    render_markdown_lines,
    status_label,
)
from trialfinder.search import SearchHit

__all__ = [
    "TextBlock",
    "code_spans",
    "criteria_blocks",
    "example_request",
    "facet_fieldsets",
    "query_link",
    "result_items",
    "superscript_powers",
    "text_blocks",
]


class TextBlock(msgspec.Struct):
    """A paragraph (``marker`` None) or a list item with the items nested under it, and
    what the page says beside it: flagged thresholds and doses in plain numbers."""

    text: str
    marker: str | None = None
    children: list[TextBlock] = []
    notes: list[str] = []
    doses: list[str] = []


# render_markdown_lines writes an item at depth d as 2*(d+1) spaces, then its marker.
_ITEM_LINE = re.compile(r"^(?P<indent>(?:  )+)(?P<marker>•|\d{1,3}[.)]) (?P<text>.*)$")


def text_blocks(text: str | None) -> list[TextBlock]:
    """Registry markdown-ish text as a tree: nested lists keep their nesting."""
    if not text:
        return []
    roots: list[TextBlock] = []
    open_items: list[TextBlock] = []
    paragraph_ended = True
    for line in render_markdown_lines(text):
        if not line.strip():
            paragraph_ended = True
            continue
        item = _ITEM_LINE.match(line)
        if item is not None:
            depth = len(item.group("indent")) // 2 - 1
            del open_items[depth:]
            block = TextBlock(text=item.group("text"), marker=item.group("marker"))
            (open_items[-1].children if open_items else roots).append(block)
            open_items.append(block)
        elif line.startswith(" ") and open_items:
            open_items[-1].text += "\n" + line.strip()
        elif roots and roots[-1].marker is None and not paragraph_ended:
            roots[-1].text += "\n" + line.strip()
        else:
            open_items.clear()
            roots.append(TextBlock(text=line.strip()))
        paragraph_ended = False
    return roots


def criteria_blocks(text: str, section: Section, criteria: Iterator[Criterion]) -> list[TextBlock]:
    """One criteria section as the criteria pipeline nests it, each item with the notes of
    its parsed criterion (taken in order from ``criteria``, the trial's parsed text
    criteria, which :func:`~trialfinder.criteria.split.split_criteria` reads the same way).

    Drawing the pipeline's outline, not the text's indentation, keeps an OR group's
    options siblings however the registry indented them.
    """
    return [
        _criterion_block(item, None if item.bullet_kind == TEXT_LINE else next(criteria, None))
        for item in criteria_outline(text, section)
    ]


def _criterion_block(item: CriterionText, criterion: Criterion | None) -> TextBlock:
    children = criterion.children if criterion is not None else []
    return TextBlock(
        text=item.text,
        marker=_marker(item),
        children=[
            _criterion_block(child, children[index] if index < len(children) else None)
            for index, child in enumerate(item.children)
        ],
        notes=threshold_notes(criterion) if criterion is not None else [],
        doses=plain_doses(item.text),
    )


def _marker(item: CriterionText) -> str | None:
    """Numbers and letters as written, every symbol bullet as "•", none for plain lines."""
    if item.label is None or item.bullet_kind in (TEXT_LINE, "plain"):
        return None
    return "•" if item.bullet_kind.startswith("symbol:") else item.label


_POWER_OF_TEN = re.compile(r"10\^([-−]?\d{1,3})")


def superscript_powers(text: str) -> Markup:
    """``4×10^7`` -> ``4×10<sup>7</sup>``, after escaping the text."""
    return Markup(_POWER_OF_TEN.sub(r"10<sup>\1</sup>", str(escape(text))))


_CODE_SPAN = re.compile(r"``(.+?)``|`([^`]+)`", re.DOTALL)


def code_spans(text: str) -> Markup:
    """Docstring and API-description text with ``code`` (reST) or `code` (Markdown) spans
    as ``<code>``, after escaping the text: no literal backticks reach the page."""
    return Markup(
        _CODE_SPAN.sub(
            lambda match: f"<code>{match.group(1) or match.group(2)}</code>", str(escape(text))
        )
    )


_EXAMPLE_QUERY_PARAMETERS = 1


def example_request(path: str, parameters: Iterable[Mapping[str, Any]]) -> str:
    """An OpenAPI operation's URL filled from its parameters' examples: every path
    parameter, and the first query parameter whose example is not their default."""
    query: dict[str, str] = {}
    for parameter in parameters:
        example = parameter.get("example")
        if example is None:
            continue
        if parameter.get("in") == "path":
            path = path.replace("{" + str(parameter["name"]) + "}", str(example))
        elif (
            parameter.get("in") == "query"
            and len(query) < _EXAMPLE_QUERY_PARAMETERS
            and example != parameter.get("schema", {}).get("default")
            and not str(example).startswith("<")
        ):
            query[str(parameter["name"])] = str(example)
    return query_link(path, query)


def query_link(path: str, parameters: Mapping[str, str | Iterable[str] | None]) -> str:
    """``path?a=1&b=2`` from the parameters that have a value (lists repeat the key)."""
    pairs: list[tuple[str, str]] = []
    for key, value in parameters.items():
        if value is None or value == "":
            continue
        if isinstance(value, str):
            pairs.append((key, value))
        else:
            pairs.extend((key, item) for item in value)
    return f"{path}?{urlencode(pairs)}" if pairs else path


def facet_fieldsets(groups: Iterable[Mapping[str, Any]]) -> Markup:
    """The search page's filter groups, a ``<fieldset>`` of checkboxes with counts each
    (``groups`` as ``pages._facet_groups`` gives them: title, parameter, options of value,
    label, count, checked), every value escaped, the first line's indent and the last
    newline left to the template's line that shows them.

    Built in Python as :func:`result_items` is: the template's loop over ~18 options a page
    wrote ~9 pieces each through three nested template generators, half the cost of
    rendering the whole page's template (0.13 of 0.26 ms on the sample's searches).
    """
    lines = []
    for group in groups:
        options = group["options"]
        # A group's texts escaped in one call (:func:`_escaped_each`).
        parameter, title, *texts = _escaped_each(
            [
                group["parameter"],
                group["title"],
                *(str(option[key]) for option in options for key in ("value", "label", "count")),
            ]
        )
        lines.append(f"      <fieldset>\n        <legend>{title}</legend>\n")
        lines.extend(
            f'        <label><input type="checkbox" name="{parameter}" '
            f'value="{value}"{" checked" if option["checked"] else ""}> '
            f'{label} <span class="count">{count}</span>'
            "</label>\n"
            for option, value, label, count in zip(
                options, texts[::3], texts[1::3], texts[2::3], strict=True
            )
        )
        lines.append("      </fieldset>\n")
    return Markup("".join(lines).removeprefix("      ").removesuffix("\n"))


def result_items(hits: Iterable[SearchHit], snippets: Mapping[str, Snippet], near: str) -> Markup:
    """The search page's results, one ``<li>`` each: title (linked to the trial page with
    ``near``, the place's query suffix or ""), status and phase, conditions, the passage
    that matched and the nearest site with its distance. Every value is escaped here.

    Built in Python rather than in the template's loop: with a page's twenty results,
    their snippets' parts and the per-value escaping, the loop cost about as much as the
    rest of the page's template (~20 µs a result), a tenth of that here. A list of values
    (conditions, a site's address) is joined first, and a result's values are escaped
    together (:func:`_escaped_each`): a page escaped ~110 values one by one.
    """
    items = []
    link_suffix = escape(near)
    for hit in hits:
        status = status_label(hit.status)
        phase = phase_label(hit.phases)
        snippet = snippets.get(hit.nct_id)
        parts = snippet.parts if snippet else ()
        site = hit.nearest_site
        (
            nct_id,
            title,
            status_class,
            status_text,
            phase_text,
            conditions,
            field,
            where,
            distance,
            *texts,
        ) = _escaped_each(
            [
                hit.nct_id,
                hit.title,
                str(hit.status).lower(),
                status or "",
                phase or "",
                ", ".join(hit.conditions),
                snippet.field if snippet else "",
                ", ".join(filter(None, (site.facility, site.city, site.state, site.country)))
                if site
                else "",
                distance_label(site.distance_km) if site else "",
                *(part.text for part in parts),
            ]
        )
        meta = (
            f'<span class="status status-{status_class}">{status_text}</span>' if status else ""
        ) + (f'<span class="badge">{phase_text}</span>' if phase else "")
        matched = (
            f'<p class="why-matched"><span class="why-label">Matched in {field}:</span> '
            + "".join(
                f"<mark>{text}</mark>" if part.matched else text
                for part, text in zip(parts, texts, strict=True)
            )
            + "</p>"
            if snippet
            else ""
        )
        items.append(
            '        <li class="result">\n'
            f'          <h2><a href="/trials/{nct_id}{link_suffix}">{title}</a></h2>\n'
            f'          <p class="meta">{meta}            <span class="hint">{nct_id}</span></p>\n'
            + (f'<p class="conditions">{conditions}</p>' if hit.conditions else "")
            + matched
            + (
                f'<p class="site">Nearest site: {where} — '
                f'<span class="distance">{distance}</span></p>'
                if site
                else ""
            )
            + "        </li>\n"
        )
    return Markup("".join(items))


_SEPARATOR = "\0"
"""What :func:`_escaped_each` joins values with: escaping leaves it as it is."""


def _escaped_each(values: list[str]) -> list[str]:
    """Each of ``values`` escaped as :func:`markupsafe.escape` escapes it alone, in one
    call for all when no value holds the separator: a call (building a ``Markup``) costs
    more than escaping a short value."""
    joined = _SEPARATOR.join(values)
    if joined.count(_SEPARATOR) == len(values) - 1:
        return str(escape(joined)).split(_SEPARATOR)
    return [str(escape(value)) for value in values]
