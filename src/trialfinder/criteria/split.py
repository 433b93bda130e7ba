"""Split eligibility text into inclusion and exclusion criteria trees.

Registry text is messy: headers come in many spellings ("Inclusion Criteria:",
"KEY EXCLUSION CRITERIA", "DISEASE CHARACTERISTICS:"), bullets are "*", "-",
"•", "1.", "a)", "(i)" or "①", sub-items are shown by indentation, API v2 text
escapes markdown ("\\>") and sometimes HTML ("&lt;"), and legacy XML wraps
lines with deep indentation. This stage only finds structure; it never
interprets a criterion.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

from trialfinder.criteria.clean import clean_text
from trialfinder.criteria.intermediate import CriterionText
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import GroupLogic, Section
from trialfinder.criteria.sections import section_heading, split_criteria_sections

__all__ = [  # clean_text: see criteria.clean
    "TEXT_LINE",
    "CriterionText",
    "clean_text",
    "criteria_outline",
    "split_criteria",
]

_BULLET = re.compile(
    r"(?P<bullet>[-*•·▪◦●○■□➢►‣⁃>]|\d{1,2}[.)](?!\d)|\(\d{1,2}\)|[a-zA-Z][.)](?=\s)"
    r"|\([a-zA-Z]\)|\(?[ivxIVX]{1,4}[.)]|[①-⑳])\s*"
)
_GROUP_HEADER_END = re.compile(r"[:：]\s*$")
# A lead-in's end, with the stray full stop some registry texts put after the colon.
_LIST_LEAD_IN_END = re.compile(r"[:：]\s*\.?\s*$")
TEXT_LINE = "text"
"""The ``bullet_kind`` of a line of the outline that is no criterion: a preamble ("All of
the following criteria must be met:"), a sub-heading or a footnote, kept for the page only."""
# A footnote mark written after a word of a criterion ("prednisone or equivalent*",
# "change*** dose"): the trial explains that word in a "*" note below its list.
_FOOTNOTE_MARK = re.compile(r"[^\s*]\*+(?=[\s,.;:)]|$)")
_FOOTNOTE_BULLET = "symbol:*"
# A line the trial opens as a note on the item above it ("Note: Concomitant use of low-dose
# prednisone … is allowed.", "NB: …", "N.B. …", "Please note …"): it allows or explains.
_NOTE_LINE = re.compile(r"(?:notes?\s*:|n\.?\s?b\.?\s*:?|please\s+note\b)\s*\S", re.IGNORECASE)


def _bullet_kind(bullet: str) -> str:
    if bullet[0].isdigit() or (bullet.startswith("(") and bullet[1:2].isdigit()):
        return "number"
    if bullet.strip("().").lower() in {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"}:
        return "roman"
    if bullet[0].isalpha() or bullet.startswith("("):
        return "letter"
    if "①" <= bullet[0] <= "⑳":
        return "circled"
    return "symbol:" + bullet[0]


@functools.cache
def _group_cues() -> re.Pattern[str]:
    """One search for all "any of the following" cues (plain substrings, as written)."""
    alternatives = "|".join(re.escape(cue) for cue in load_lexicon().cues.any_group_cues)
    return re.compile(alternatives or "(?!)")


def _group_of(text: str) -> GroupLogic:
    return "any" if _group_cues().search(text.lower()) else "all"


def _keeps_section_logic(text: str, section: Section) -> bool:
    """Whether the items a lead-in opens may stand as criteria of their own: in an
    exclusion section any one item excludes either way, and in an inclusion section a
    lead-in asking for all of its items asks what they ask one by one. A lead-in asking
    for one of its items ("must fall within one of the following categories:") does not."""
    return section == "exclusion" or _group_of(text) == "all"


def _is_preamble(text: str, section: Section) -> bool:
    """A colon line introducing the whole list ("... must meet the following criteria:")."""
    lowered = text.lower()
    return (
        "criteri" in lowered
        and _GROUP_HEADER_END.search(text) is not None
        and _keeps_section_logic(text, section)
    )


def split_criteria(text: str | None) -> list[CriterionText]:
    """Inclusion and exclusion criteria, top level first, sub-items nested.

    The sections are those the trial page shows
    (:func:`~trialfinder.criteria.sections.split_criteria_sections`); text
    before any heading is read as inclusion criteria.
    """
    roots: list[CriterionText] = []
    for section in split_criteria_sections(text):
        kind: Section = "exclusion" if section.kind == "exclusion" else "inclusion"
        items = criteria_outline(section.text, kind)
        roots.extend(item for item in items if item.bullet_kind != TEXT_LINE)
    return roots


def criteria_outline(text: str, section: Section) -> list[CriterionText]:
    """The items of one section, nested by indentation and bullet kind, with the lines
    that are no criterion (preambles, sub-headings) as childless :data:`TEXT_LINE` roots.

    The trial page draws this outline, so it nests items exactly as matching
    reads them: the options of "at least one of the following:" are siblings
    under it even when the registry indents each one further than the last.
    """
    roots: list[CriterionText] = []
    stack: list[CriterionText] = []
    previous_blank = True
    last: CriterionText | None = None
    list_kinds: set[str] = set()
    marked = False
    in_footnotes = False
    for raw_line in (
        piece for line in clean_text(text).split("\n") for piece in _run_on_items(line)
    ):
        stripped = raw_line.strip()
        if not stripped:
            previous_blank = True
            continue
        indent = len(raw_line) - len(raw_line.lstrip(" "))
        bullet_match = _BULLET.match(stripped)
        bullet = bullet_match.group("bullet") if bullet_match else None
        body = stripped[bullet_match.end() :].strip() if bullet_match else stripped
        if bullet is not None and not body:
            continue
        # A sub-heading ("Part 1 additional inclusion criteria:") closes the open items.
        header = section_heading(stripped)
        if header is not None and (bullet is None or len(body) < 60):
            stack.clear()
            last = None
            in_footnotes = False
            previous_blank = True
            shown = header.heading or (None if header.content else stripped)
            if shown:
                roots.append(CriterionText(section, shown, bullet_kind=TEXT_LINE))
            if not header.content:
                continue
            body, bullet = header.content, None
        kind = _bullet_kind(bullet) if bullet else "plain"
        if _opens_note(body, kind, above=last, after_blank=previous_blank):
            # A note under an item allows or explains it: shown on the page where the trial
            # wrote it, never judged as a sub-item (an allowance it states is no exclusion).
            last = CriterionText(section, body, bullet_kind=TEXT_LINE)
            (stack[-2].children if len(stack) > 1 else roots).append(last)
            previous_blank = False
            continue
        if in_footnotes and kind in list_kinds:
            in_footnotes = False
        elif previous_blank and _opens_footnotes(kind, list_kinds, marked=marked):
            in_footnotes = True
        if in_footnotes and (bullet is not None or previous_blank or last is None):
            # A footnote below the list explains a marked word of an earlier criterion: a
            # note for the page, never a sub-item of the list's last criterion.
            last = CriterionText(section, body, bullet_kind=TEXT_LINE)
            roots.append(last)
            previous_blank = False
            continue
        if bullet is None and last is not None and not previous_blank:
            last.text = f"{last.text} {body}"
            if last.group == "all":
                last.group = _group_of(last.text)
            continue
        if bullet is None and _is_preamble(body, section):
            stack.clear()
            last = None
            previous_blank = False
            roots.append(CriterionText(section, body, bullet_kind=TEXT_LINE))
            continue
        item = CriterionText(
            section=section,
            text=body,
            label=bullet,
            group=_group_of(body),
            indent=indent,
            bullet_kind=kind,
        )
        _place(item, stack, roots)
        list_kinds.add(kind)
        marked = marked or _FOOTNOTE_MARK.search(body) is not None
        last = item
        previous_blank = False
    return [
        shown
        for root in _announcing_line_as_heading(roots)
        for item in _lead_in_as_heading(root)
        for shown in (item, *_lift_notes(item))
    ]


def _announcing_line_as_heading(roots: list[CriterionText]) -> list[CriterionText]:
    """A section's first item when it is a preamble announcing the list ("- In order to be
    eligible …, an individual must meet all of the following criteria:"), nested over the
    whole list or bulleted beside it ("* Participants are excluded … if any of the
    following criteria apply:" then "* …"): the line becomes a :data:`TEXT_LINE` and the
    list's items the section's criteria. A lead-in beside other criteria ("- Prior
    radiotherapy meeting the following criteria:" after "- Pregnancy") names a criterion its
    sub-items qualify together, and stays.
    """
    criteria = [root for root in roots if root.bullet_kind != TEXT_LINE]
    if not criteria or not _is_preamble(criteria[0].text, criteria[0].section):
        return roots
    line = criteria[0]
    swallows_list = len(criteria) == 1 and bool(line.children)
    heads_siblings = len(criteria) > 1 and not line.children
    if not (swallows_list or heads_siblings):
        return roots
    heading = CriterionText(line.section, line.text, bullet_kind=TEXT_LINE)
    return [
        shown
        for root in roots
        for shown in ((heading, *line.children) if root is line else (root,))
    ]


def _lift_notes(item: CriterionText) -> list[CriterionText]:
    """The note lines nested among an item's sub-items, taken out of them in order: the
    page shows them right after the item, and no note is judged as a sub-item."""
    notes: list[CriterionText] = []
    kept: list[CriterionText] = []
    for child in item.children:
        if child.bullet_kind == TEXT_LINE:
            notes.append(child)
            continue
        kept.append(child)
        notes.extend(_lift_notes(child))
    item.children = kept
    return notes


def _opens_note(body: str, kind: str, *, above: CriterionText | None, after_blank: bool) -> bool:
    """Whether a line is a note on the item above it: it opens with a note cue ("Note:",
    "NB:", "N.B.", "Please note") and says something after it, below an item of the list,
    with a bullet of another kind than that item's, or with none after a blank line. A note
    bulleted like the item above it is an item of that list ("-  Note: for HCC, AST … ≤ 5 x
    ULN" among the laboratory limits) and stays one; a note line run on to the criterion with
    no blank line ("… INR or aPTT ≤ 1.5 x ULN." then "Note: for HCC patients INR or aPTT
    should be ≤ 2 x ULN.") stays part of its text."""
    if above is None or _NOTE_LINE.match(body) is None:
        return False
    return after_blank if kind == "plain" else kind != above.bullet_kind


def _opens_footnotes(kind: str, list_kinds: set[str], *, marked: bool) -> bool:
    """Whether a line after a blank line opens the footnotes below a list: a "*" bullet
    where an earlier criterion carries a "*" mark and the list itself uses other bullets
    ("22. Currently participating …" then "    * Patients may continue these medications …")."""
    return marked and kind == _FOOTNOTE_BULLET and bool(list_kinds) and kind not in list_kinds


# A numbered item run into the line before it ("… ≥18 years of age 2. Provision of informed
# consent … 3. Must have …"): its number and a capital after a space.
_RUN_ON_NUMBER = re.compile(r"(?<=\s)(\d{1,2})\.\s+(?=[A-Z])")


def _run_on_items(line: str) -> list[str]:
    """A line whose numbered items the registry text runs together, one line each, at the
    line's indent. Only numbers each one more than the last are split at: the first one
    more than the line's own number ("1. Have … 2. Patients …"), or, in a line with no number
    of its own, a run of at least two from 2 (a lone "grade 2. Patients …" is a sentence's
    end)."""
    opening = _BULLET.match(line.strip())
    own = opening.group("bullet") if opening else None
    expected, needed = 2, 2
    if own is not None and _bullet_kind(own) == "number":
        expected, needed = (_label_number(own) or 0) + 1, 1
    starts: list[int] = []
    for found in _RUN_ON_NUMBER.finditer(line):
        if int(found.group(1)) == expected:
            starts.append(found.start())
            expected += 1
    if len(starts) < needed:
        return [line]
    indent = line[: len(line) - len(line.lstrip(" "))]
    bounds = [0, *starts, len(line)]
    pieces = [line[a:b].strip() for a, b in itertools.pairwise(bounds)]
    return [f"{indent}{piece}" for piece in pieces if piece]


def _lead_in_as_heading(item: CriterionText) -> list[CriterionText]:
    """A lead-in and the numbered list it opens, as the trial lists them.

    "Participants are excluded for any of the following reasons:" over 22 numbered
    exclusions is a heading, not one criterion of 22 options: each item is a criterion
    (judged, shown and counted as one). Only where that keeps the list's logic
    (:func:`_keeps_section_logic`): "at least one of the following:" stays a group.
    The lead-in stays on the page as a :data:`TEXT_LINE`.
    """
    opens_list = (
        item.bullet_kind == "plain"
        and _GROUP_HEADER_END.search(item.text) is not None
        and bool(item.children)
        and all(child.bullet_kind in ("number", TEXT_LINE) for child in item.children)
    )
    if not opens_list or not _keeps_section_logic(item.text, item.section):
        return [item]
    return [CriterionText(item.section, item.text, bullet_kind=TEXT_LINE), *item.children]


def _place(item: CriterionText, stack: list[CriterionText], roots: list[CriterionText]) -> None:
    """Attach an item under the nearest open item it is nested in."""
    while stack:
        top = stack[-1]
        opens_group = _GROUP_HEADER_END.search(top.text) is not None or top.group == "any"
        deeper = item.indent > top.indent
        if top.bullet_kind == "plain" and opens_group and item.bullet_kind != "plain":
            break
        if (
            _LIST_LEAD_IN_END.search(top.text)
            and top.group == "any"
            and item.bullet_kind not in ("plain", top.bullet_kind)
            and all(child.bullet_kind in (item.bullet_kind, TEXT_LINE) for child in top.children)
        ):
            # "- … myeloma and measurable disease, defined as any of the following:." then
            # "i) M-protein ≥ 0.5 g/dL, or." at the same indent: the lettered options are
            # the ways to meet it, not criteria of their own.
            break
        if deeper and (item.bullet_kind != top.bullet_kind or opens_group):
            break
        stack.pop()
    if stack and not stack[-1].children:
        # A numbered item would open a sub-list here: unless it starts one ("1."), it goes
        # back to the list it continues ("6)" after "5." is no sub-item of 5's last option).
        levels = [roots, *(open_item.children for open_item in stack[:-1])]
        continued = _continued_level(item, levels)
        if continued is not None:
            del stack[continued:]
    if stack:
        stack[-1].children.append(item)
    else:
        roots.append(item)
    stack.append(item)


def _number(item: CriterionText) -> int | None:
    """The number of a numbered item ("6)", "(6)", "6." -> 6)."""
    if item.bullet_kind != "number" or item.label is None:
        return None
    return _label_number(item.label)


def _label_number(label: str) -> int | None:
    """The number a bullet's label writes: "6.", "(6)", and the circled "①" to "⑳" Chinese
    registry records number their items with; None without one."""
    digits = "".join(c for c in label if c.isdecimal())
    if digits:
        return int(digits)
    numbers = [unicodedata.numeric(c) for c in label if c.isnumeric()]
    return int(numbers[0]) if len(numbers) == 1 else None


def _continued_level(item: CriterionText, levels: list[list[CriterionText]]) -> int | None:
    """The deepest of ``levels`` (outermost first) whose last numbered item is numbered one
    below ``item``, or None."""
    number = _number(item)
    if number is None or number == 1:
        return None
    for depth in range(len(levels) - 1, -1, -1):
        numbered = [_number(sibling) for sibling in levels[depth] if _number(sibling) is not None]
        if numbered and numbered[-1] == number - 1:
            return depth
    return None
