"""The judge's readers: one concept a module.

:func:`trialfinder.match.judge` is the one judge of a criterion against a patient's
facts; ``match`` keeps its orchestration (the entry, the inclusion and exclusion
statuses, verdicts, ranking and the result types). What it asks of one concept — a
measurement, a time window, a qualifier, what silence settles — is read by a module
here, so that each concept is found, read and tested in one place. None of them imports
``match``; docs/architecture.md lists what each reads.
"""

from __future__ import annotations

__all__: list[str] = []
