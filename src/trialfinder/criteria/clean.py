"""The first stage of the clinical-text pipeline: clean what the registry wrote.

Registry text is untrusted and escaped two ways: API v2 escapes markdown
punctuation (``\\>``) and sometimes HTML (``&lt;``); a record copied through a
Windows code page carries UTF-8 read as cp1252 (``â‰¥`` for ``≥``); any field may
carry terminal control characters or bidirectional overrides. Every later stage (sections,
items, sentences, concepts, values) and every page reads text through here,
so there is one unescaper and one list of unsafe characters.
"""

from __future__ import annotations

import html
import re

__all__ = ["clean_text", "strip_control_characters", "unescape_markdown"]

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional
# overrides that can make terminal text read differently from what it is.
_CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# A UTF-8 lead byte read as cp1252 (Â-ß, à-ï, ð-ô) and as many continuation bytes as it
# leads, read as cp1252 (0x80-0xBF: the Latin-1 signs and cp1252's punctuation).
_CONTINUATION = (
    "[\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_MOJIBAKE = re.compile(
    f"[\xc2-\xdf]{_CONTINUATION}|[\xe0-\xef]{_CONTINUATION}{{2}}|[\xf0-\xf4]{_CONTINUATION}{{3}}"
)


def strip_control_characters(text: str) -> str:
    """Remove what a terminal would act on; carriage returns become newlines first."""
    return _CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def unescape_markdown(text: str) -> str:
    """``\\>`` -> ``>``: the registry escapes punctuation in its markdown text."""
    return _MARKDOWN_ESCAPE.sub(r"\1", text) if "\\" in text else text


def _repaired(match: re.Match[str]) -> str:
    """The character whose UTF-8 bytes were read as cp1252, or the text as it was."""
    try:
        return match.group().encode("cp1252").decode("utf-8")
    except UnicodeError:
        return match.group()


def clean_text(text: str) -> str:
    """Undo markdown, HTML and code-page damage and normalise line endings."""
    text = _MOJIBAKE.sub(_repaired, text)
    if "&" in text:
        text = html.unescape(text)
    if "\\" in text:
        text = unescape_markdown(text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").replace("\xa0", " ")
