"""Errors raised while reading registry records."""

from __future__ import annotations

__all__ = ["MalformedRecord", "UnreadableInput"]


class MalformedRecord(ValueError):
    """One record cannot become a trial; it is reported and skipped, the batch goes on."""


class UnreadableInput(OSError):
    """A whole input (file, archive) cannot be read at all."""
