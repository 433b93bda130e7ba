"""Presentation: turns records, results and reports into words, text and pictures; no I/O, no business rules."""

__all__: list[str] = []
