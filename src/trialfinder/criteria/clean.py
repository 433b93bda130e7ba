"""The first stage of the clinical-text pipeline: clean what the registry wrote.

Registry text is untrusted and escaped two ways: API v2 escapes markdown
punctuation (``\\>``) and sometimes HTML (``&lt;``); any field may carry terminal
control characters or bidirectional overrides. Every later stage (sections,
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


def strip_control_characters(text: str) -> str:
    """Remove what a terminal would act on; carriage returns become newlines first."""
    return _CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def unescape_markdown(text: str) -> str:
    """``\\>`` -> ``>``: the registry escapes punctuation in its markdown text."""
    return _MARKDOWN_ESCAPE.sub(r"\1", text) if "\\" in text else text


def clean_text(text: str) -> str:
    """Undo markdown and HTML escaping and normalise line endings."""
    if "&" in text:
        text = html.unescape(text)
    if "\\" in text:
        text = unescape_markdown(text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").replace("\xa0", " ")
