"""The SQLite search index: kept in step with the trials table by the store.

The store calls :func:`index_trials` inside the same transaction that writes
the trials, so the index never disagrees with the records.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from trialfinder.model import Trial

__all__ = ["MIGRATIONS", "index_trials"]


MIGRATIONS: list[Sequence[str]] = [
    (
        """CREATE VIRTUAL TABLE trial_fts USING fts5 (
            title, conditions, interventions, keywords, summary, criteria,
            tokenize = 'porter unicode61 remove_diacritics 2'
        )""",
    )
]


def index_trials(connection: sqlite3.Connection, trials: Sequence[tuple[int, Trial]]) -> None:
    """(Re)index the given (rowid, trial) pairs."""
    connection.executemany(
        "DELETE FROM trial_fts WHERE rowid = ?", ((rowid,) for rowid, _ in trials)
    )
    connection.executemany(
        "INSERT INTO trial_fts (rowid, title, conditions, interventions, keywords, summary,"
        " criteria) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (
                rowid,
                " ".join(filter(None, (trial.brief_title, trial.official_title, trial.acronym))),
                " ".join(trial.conditions + [mesh.term for mesh in trial.condition_meshes]),
                " ".join(intervention.name for intervention in trial.interventions),
                " ".join(trial.keywords),
                " ".join(filter(None, (trial.brief_summary, trial.detailed_description))),
                trial.eligibility.criteria_text or "",
            )
            for rowid, trial in trials
        ),
    )
