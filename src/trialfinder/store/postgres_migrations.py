"""The PostgreSQL store's schema, one migration per version.

The search tables (``search_doc``, ``search_place``), their text search
configuration and the SQL functions that derive each field's words are part of
the store's schema: the store creates and migrates them, the search backend
(``search/postgres_index.py``) fills and reads them.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "CONDITION_FIELD",
    "INTERVENTION_FIELD",
    "MIGRATIONS",
    "TEXT_SEARCH_CONFIG",
    "Migration",
]

TEXT_SEARCH_CONFIG = "trialfinder"
# The same weights as ts_filter takes them.
CONDITION_FIELD = "{a,b}"
INTERVENTION_FIELD = "{a,c}"

# The search tables: the store's second schema version.
SEARCH_TABLES: Sequence[str] = (
    # Trusted extension (PostgreSQL 13+): the database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH DICTIONARY trialfinder_stem (TEMPLATE = snowball, LANGUAGE = english)",
    f"CREATE TEXT SEARCH CONFIGURATION {TEXT_SEARCH_CONFIG} (COPY = pg_catalog.english)",
    f"ALTER TEXT SEARCH CONFIGURATION {TEXT_SEARCH_CONFIG}"
    " ALTER MAPPING FOR asciiword, word, hword_part, hword_asciipart"
    " WITH unaccent, trialfinder_stem",
    f"ALTER TEXT SEARCH CONFIGURATION {TEXT_SEARCH_CONFIG}"
    " ALTER MAPPING FOR numword, hword_numpart WITH unaccent, simple",
    """CREATE TABLE search_doc (
            doc_id bigint PRIMARY KEY,
            trial_id bigint NOT NULL UNIQUE REFERENCES trials (id) ON DELETE CASCADE,
            nct_id text COLLATE "C" NOT NULL,
            last_updated text COLLATE "C",
            status text COLLATE "C",
            study_type text COLLATE "C",
            sex text COLLATE "C",
            minimum_age double precision,
            maximum_age double precision,
            phases text COLLATE "C" NOT NULL,
            intervention_types text COLLATE "C" NOT NULL,
            funder_types text COLLATE "C" NOT NULL,
            countries text COLLATE "C" NOT NULL,
            display bytea NOT NULL,
            sites bytea NOT NULL,
            tags text[] COLLATE "C" NOT NULL,
            headline tsvector NOT NULL,
            document tsvector NOT NULL
        )""",
    "CREATE INDEX search_doc_headline ON search_doc USING gin (headline)",
    "CREATE INDEX search_doc_document ON search_doc USING gin (document)",
    "CREATE INDEX search_doc_tags ON search_doc USING gin (tags)",
    """CREATE TABLE search_place (
            doc_id bigint NOT NULL REFERENCES search_doc (doc_id) ON DELETE CASCADE,
            country text COLLATE "C" NOT NULL,
            city text COLLATE "C" NOT NULL
        )""",
    "CREATE INDEX search_place_country_city ON search_place (country, city)",
    "CREATE INDEX search_place_doc ON search_place (doc_id)",
)

# Each field's words and adjacent word pairs as plain lexemes (pairs hold a space,
# which no word does), so that every text query is an AND/OR of lexemes that the
# GIN indexes answer exactly: no row is read to recheck weights or positions.
# ``headline`` stays for ranking only.
FIELD_WORDS: Sequence[str] = (
    """CREATE FUNCTION trialfinder_adjacent_pairs(vector tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT array_to_tsvector(coalesce(array_agg(DISTINCT pair), '{}'))
        FROM (
            SELECT lexeme || ' ' || lead(lexeme) OVER (ORDER BY position) AS pair,
                   lead(position) OVER (ORDER BY position) - position AS gap
            FROM unnest(vector) AS entry (lexeme, positions, weights),
                 unnest(entry.positions) AS position
        ) AS adjacent
        WHERE gap = 1
    $$""",
    """CREATE FUNCTION trialfinder_field_words(headline tsvector, weights "char"[])
    RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT strip(ts_filter(headline, weights))
               || trialfinder_adjacent_pairs(ts_filter(headline, weights))
    $$""",
    "ALTER TABLE search_doc ADD COLUMN condition_words tsvector,"
    " ADD COLUMN intervention_words tsvector",
    f"UPDATE search_doc SET"
    f" condition_words = trialfinder_field_words(headline, '{CONDITION_FIELD}'),"
    f" intervention_words = trialfinder_field_words(headline, '{INTERVENTION_FIELD}'),"
    " document = document || trialfinder_adjacent_pairs(headline)",
    "ALTER TABLE search_doc ALTER COLUMN condition_words SET NOT NULL,"
    " ALTER COLUMN intervention_words SET NOT NULL",
    "CREATE INDEX search_doc_condition_words ON search_doc USING gin (condition_words)",
    "CREATE INDEX search_doc_intervention_words ON search_doc USING gin (intervention_words)",
    "DROP INDEX search_doc_headline",
    # What a search checks row by row stays in the row (compressed if need be); the
    # headline, read only to rank a window, goes out of line. New rows only.
    "ALTER TABLE search_doc ALTER COLUMN condition_words SET STORAGE MAIN,"
    " ALTER COLUMN intervention_words SET STORAGE MAIN, ALTER COLUMN tags SET STORAGE MAIN,"
    " ALTER COLUMN headline SET STORAGE EXTERNAL",
)


# A migration is the SQL statements that take the schema one version up.
Migration = Sequence[str]

# Text columns compare byte-wise (COLLATE "C") whatever the database's locale,
# so that orderings match SQLite's and btree indexes stay cheap.
_CORE_TABLES: Migration = (
    """CREATE TABLE trials (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        nct_id text COLLATE "C" NOT NULL UNIQUE,
        source_format text COLLATE "C" NOT NULL,
        source_last_updated text COLLATE "C",
        overall_status text COLLATE "C",
        study_type text COLLATE "C",
        content_hash bytea NOT NULL,
        record bytea NOT NULL
    )""",
    # Records are compressed already (compress_record): TOAST should store, not recompress, them.
    "ALTER TABLE trials ALTER COLUMN record SET STORAGE EXTERNAL",
    "CREATE INDEX trials_source_last_updated ON trials (source_last_updated)",
    """CREATE TABLE derived (
        kind text COLLATE "C" NOT NULL,
        nct_id text COLLATE "C" NOT NULL,
        version text COLLATE "C" NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (kind, nct_id)
    )""",
    'CREATE TABLE state (key text COLLATE "C" PRIMARY KEY, value text NOT NULL)',
)

# One row that every writing transaction bumps as its last statement, so the
# counter moves exactly when new data commits (sequences move before commit and
# are not replicated transactionally). The epoch is new with each database, so a
# rebuilt database never repeats an old token.
_DATA_GENERATION_TABLE: Migration = (
    """CREATE TABLE data_generation (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        epoch uuid NOT NULL DEFAULT gen_random_uuid(),
        counter bigint NOT NULL DEFAULT 0
    )""",
    "INSERT INTO data_generation DEFAULT VALUES",
)

# Append only: a database at version N runs migrations N+1.. on open.
MIGRATIONS: list[Migration] = [
    _CORE_TABLES,
    SEARCH_TABLES,
    _DATA_GENERATION_TABLE,
    FIELD_WORDS,
]
