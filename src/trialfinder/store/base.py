"""What every store offers, whatever database is behind it.

All SQL lives behind one store object so that SQLite (the default) and
PostgreSQL (for deployments over a replicated database) are interchangeable:
the rest of the product talks only to this protocol.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Literal, Protocol

import msgspec

from trialfinder.model import DerivedRecord, Trial
from trialfinder.search import Facets, LocationCount, SearchQuery, SearchResult

__all__ = [
    "DerivedRecord",
    "Store",
    "StoreStats",
    "UpsertOutcome",
]

UpsertOutcome = Literal["inserted", "updated", "unchanged"]


class StoreStats(msgspec.Struct):
    """Counts shown by ``trialfinder stats``; keys are a public JSON contract."""

    total: int
    by_status: dict[str, int]
    by_study_type: dict[str, int]
    by_source: dict[str, int]
    last_updated: str | None


class Store(Protocol):
    """A trial store: :mod:`trialfinder.store.sqlite` or :mod:`trialfinder.store.postgres`."""

    url: str

    def upsert_trials(
        self,
        trials: Sequence[Trial],
        derived: Sequence[DerivedRecord] = (),
        state: Mapping[str, str | None] | None = None,
    ) -> list[UpsertOutcome]:
        """Store trials atomically as one transaction; a newer source update wins.

        ``derived`` records are written in the same transaction for the trials
        that changed, and so are the ``state`` settings (a sync checkpoint
        commits together with its page, so a resumed sync never skips one).
        Returns one outcome per trial, in order.
        """
        ...

    def get_trial(self, nct_id: str) -> Trial | None: ...

    def get_trials(self, nct_ids: Sequence[str]) -> list[Trial]:
        """The trials that exist among ``nct_ids``, in the order asked."""
        ...

    def iter_trials(self, batch_size: int = 500) -> Iterator[Trial]: ...

    def iter_nct_ids(self) -> Iterator[str]: ...

    def count_trials(self) -> int: ...

    def stats(self) -> StoreStats: ...

    def get_derived(self, kind: str, nct_ids: Sequence[str]) -> dict[str, DerivedRecord]: ...

    def iter_derived(self, kind: str) -> Iterator[DerivedRecord]: ...

    def put_derived(self, records: Iterable[DerivedRecord]) -> None: ...

    def stale_derived(self, kind: str, version: str) -> Iterator[str]:
        """NCT ids whose ``kind`` record is missing or from another version."""
        ...

    def get_state(self, key: str) -> str | None:
        """Small persistent settings (sync checkpoints, ...)."""
        ...

    def set_state(self, key: str, value: str | None) -> None: ...

    def data_generation(self) -> str | None:
        """A short token that changes whenever stored trials or state settings change.

        Equal tokens mean equal data, so the web app keys its page cache and ETags
        on it; None when the store cannot say cheaply (nothing is then cached).
        """
        ...

    def search(self, query: SearchQuery) -> SearchResult:
        """Ranked, filtered results with facets (see :mod:`trialfinder.search`)."""
        ...

    def facet_counts(self, query: SearchQuery) -> Facets: ...

    def locations(self, country: str | None = None) -> list[LocationCount]:
        """Countries with trial counts, or the cities of ``country``."""
        ...

    def flush(self) -> None:
        """Make everything written so far visible to readers in other processes.

        Stores may batch index commits during a long ingest; ingest calls this
        at the end of every run (and sync after every page).
        """
        ...

    def close(self) -> None: ...
