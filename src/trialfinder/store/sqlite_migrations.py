"""The SQLite store's schema, one migration per version.

The index tables (``search_site``, ``search_location``, ``search_place_name``) and the
``change_seq`` column that the search index follows are part of the store's schema: the store
creates and migrates them, the search backend
(``search/sqlite_index.py``) fills and reads them.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["DERIVED_KIND_CODES", "MIGRATIONS", "Migration"]

# A migration is the SQL statements that take the schema one version up.
Migration = Sequence[str]


_CORE_TABLES: Migration = (
    """CREATE TABLE trials (
        rowid INTEGER PRIMARY KEY,
        nct_id TEXT NOT NULL UNIQUE,
        source_format TEXT NOT NULL,
        source_last_updated TEXT,
        overall_status TEXT,
        study_type TEXT,
        content_hash BLOB NOT NULL,
        record BLOB NOT NULL
    )""",
    "CREATE INDEX trials_source_last_updated ON trials (source_last_updated)",
    """CREATE TABLE derived (
        kind TEXT NOT NULL,
        nct_id TEXT NOT NULL,
        version TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (kind, nct_id)
    ) WITHOUT ROWID""",
    "CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
)


# The derived kinds every trial has, as the derived table keeps them since migration 6 (one
# character each, where the names took 24 bytes of each trial's two rows and as many of
# their key's index entries: ~0.03 GB at 600,000 studies). Other kinds keep their names;
# a name of one character is therefore not a kind. Part of the schema: never changed.
DERIVED_KIND_CODES = {"criteria": "c", "criteria_summary": "s"}

# Append only: a store at version N runs migrations N+1.. on open.
MIGRATIONS: list[Migration] = [
    _CORE_TABLES,
    # 1: the first (FTS5) search index, kept so old stores migrate step by step.
    (
        """CREATE VIRTUAL TABLE search_fts USING fts5 (
            title, conditions, condition_mesh, interventions, intervention_mesh, keywords,
            summary, criteria, tags,
            content = '',
            tokenize = 'porter unicode61 remove_diacritics 2'
        )""",
        "CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row')",
        """CREATE TABLE search_doc (
            doc_id INTEGER PRIMARY KEY,
            trial_rowid INTEGER NOT NULL UNIQUE,
            nct_id TEXT NOT NULL,
            last_updated TEXT,
            status TEXT,
            study_type TEXT,
            sex TEXT,
            phases TEXT NOT NULL,
            intervention_types TEXT NOT NULL,
            funder_types TEXT NOT NULL,
            countries TEXT NOT NULL,
            display BLOB NOT NULL,
            sites BLOB NOT NULL
        )""",
        """CREATE TABLE search_location (
            country TEXT NOT NULL,
            city TEXT NOT NULL,
            trials INTEGER NOT NULL,
            PRIMARY KEY (country, city)
        ) WITHOUT ROWID""",
        "CREATE TABLE search_counter (next_sequence INTEGER NOT NULL, trials INTEGER NOT NULL)",
        "INSERT INTO search_counter (next_sequence, trials) VALUES (1, 0)",
    ),
    # 2: Tantivy beside the file, fed by a change sequence; FTS5 dropped.
    (
        "DROP TABLE search_vocab",
        "DROP TABLE search_fts",
        "DROP TABLE search_doc",
        "DROP TABLE search_counter",
        "DELETE FROM search_location",
        "DELETE FROM state WHERE key LIKE 'search.%'",
        "ALTER TABLE trials ADD COLUMN change_seq INTEGER",
        "UPDATE trials SET change_seq = rowid",
        "CREATE INDEX trials_change_seq ON trials (change_seq)",
        # Per indexed trial: its distinct site coordinates (packed doubles, for the
        # in-memory site grid) and its (country, city) places (to keep
        # search_location's counts right when the trial changes).
        """CREATE TABLE search_site (
            trial_rowid INTEGER PRIMARY KEY,
            change_seq INTEGER NOT NULL,
            points BLOB NOT NULL,
            places BLOB NOT NULL
        )""",
        "CREATE INDEX search_site_change_seq ON search_site (change_seq)",
    ),
    # 3: search_site.places as the ids of (country, city) rows here, not their names
    # (the index, at its schema version 5, is rebuilt and refills both).
    (
        """CREATE TABLE search_place_name (
            id INTEGER PRIMARY KEY,
            country TEXT NOT NULL,
            city TEXT NOT NULL,
            UNIQUE (country, city)
        )""",
    ),
    # 4: derived records in a rowid table, their key kept unique by an index. Under the
    # (kind, nct_id) key of a WITHOUT ROWID table, each batch's records of three kinds
    # went into three places of one B-tree and the pages split half full: at 20,000
    # registry studies 1,700 of the 9,139 bytes a study took were unused. Rows appended
    # by row id fill their pages whatever the order of NCT ids or kinds; only the small
    # index entries (~35 bytes a record) still go into the middle of a tree. Copied kind
    # by kind, so that the whole-store match's scan of the summaries reads few pages.
    (
        """CREATE TABLE derived_rows (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            nct_id TEXT NOT NULL,
            version TEXT NOT NULL,
            data BLOB NOT NULL,
            UNIQUE (kind, nct_id)
        )""",
        "INSERT INTO derived_rows (kind, nct_id, version, data)"
        " SELECT kind, nct_id, version, data FROM derived ORDER BY kind, nct_id",
        "DROP TABLE derived",
        "ALTER TABLE derived_rows RENAME TO derived",
    ),
    # 5: search_site without its points: every site's coordinates are in the trial's
    # record, and the site grid is built from the records (and saved beside the index),
    # so the copy here (~275 bytes a registry-like study, 0.17 GB at 600,000) went. The
    # pages it freed are reused as the store grows; VACUUM gives them back at once.
    ("ALTER TABLE search_site DROP COLUMN points",),
    # 6: the derived kinds every trial has as one character (DERIVED_KIND_CODES). The
    # rows shrink where they are; VACUUM gives the pages back at once.
    tuple(
        f"UPDATE derived SET kind = '{code}' WHERE kind = '{kind}'"
        for kind, code in DERIVED_KIND_CODES.items()
    ),
]
