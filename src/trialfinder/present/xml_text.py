"""Untrusted text made legal XML 1.0, for the SVG maps and the Atom feed.

Escaping makes ``<`` and ``&`` harmless, but XML 1.0 forbids some characters outright
(most control characters, lone surrogates): a registry record holding one would make a
whole map or feed unreadable, so they are dropped before escaping.
"""

from __future__ import annotations

import re

__all__ = ["xml_legal"]

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_legal(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids; callers still escape it."""
    return _XML_ILLEGAL.sub("", text)
