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
    "CONDITION_PREFIX",
    "INTERVENTION_FIELD",
    "INTERVENTION_PREFIX",
    "MIGRATIONS",
    "TAG_PREFIX",
    "TEXT_SEARCH_CONFIG",
    "Migration",
]

TEXT_SEARCH_CONFIG = "trialfinder"
# The same weights as ts_filter takes them.
CONDITION_FIELD = "{a,b}"
INTERVENTION_FIELD = "{a,c}"
# Prefixes of the lexemes that ``search_match.words`` folds in beside the full text's
# own: a field's words and pairs, and the filter tags. Words are letters and digits
# and pairs hold a space, so no full-text lexeme holds a colon.
CONDITION_PREFIX = "c:"
INTERVENTION_PREFIX = "i:"
TAG_PREFIX = "t:"

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


# One narrow table answers every search condition from one GIN index, so that no
# plan reads the wide ``search_doc`` rows (display, sites, headline) of every match:
#
# * ``words`` folds the full text's lexemes, each field's words and pairs (prefixed
#   ``c:`` / ``i:``) and the filter tags (``t:``) into one ``tsvector``, so a whole
#   condition is one ``@@`` that the index answers exactly (no weights, no
#   positions: never a recheck). It lives out of line (``toast_tuple_target``), so a
#   row is about 80 bytes and 600,000 rows fit in a few tens of MB of cache.
# * ``facet_code`` names the row's combination of facet values in
#   ``search_facet_set`` (a few thousand distinct ones), so the facets of 10,000
#   matches are one small GROUP BY.
# * No btree on ``doc_id``: the newest matches come from the GIN bitmap and a top-N
#   sort, never from a backwards scan that would read each row's words.
SEARCH_MATCH: Sequence[str] = (
    """CREATE FUNCTION trialfinder_prefixed(vector tsvector, prefix text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT array_to_tsvector(array(
            SELECT prefix || lexeme FROM unnest(tsvector_to_array(vector)) AS lexeme))
    $$""",
    f"""CREATE FUNCTION trialfinder_search_words(headline tsvector, document tsvector,
                                              tags text[]) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT strip(document)
            || trialfinder_prefixed(trialfinder_field_words(headline, '{CONDITION_FIELD}'),
                                    '{CONDITION_PREFIX}')
            || trialfinder_prefixed(trialfinder_field_words(headline, '{INTERVENTION_FIELD}'),
                                    '{INTERVENTION_PREFIX}')
            || array_to_tsvector(array(SELECT '{TAG_PREFIX}' || tag FROM unnest(tags) AS tag))
    $$""",
    """CREATE FUNCTION trialfinder_facet_key(status text, study_type text, sex text,
                                          phases text, intervention_types text,
                                          funder_types text, countries text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT json_build_array(status, study_type, sex, phases, intervention_types,
                                funder_types, countries)::text
    $$""",
    """CREATE TABLE search_facet_set (
            code integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            key text COLLATE "C" NOT NULL UNIQUE,
            status text COLLATE "C",
            study_type text COLLATE "C",
            sex text COLLATE "C",
            phases text COLLATE "C" NOT NULL,
            intervention_types text COLLATE "C" NOT NULL,
            funder_types text COLLATE "C" NOT NULL,
            countries text COLLATE "C" NOT NULL
        )""",
    """CREATE TABLE search_match (
            trial_id bigint PRIMARY KEY
                REFERENCES search_doc (trial_id) ON DELETE CASCADE,
            doc_id bigint NOT NULL,
            facet_code integer NOT NULL,
            minimum_age double precision,
            maximum_age double precision,
            words tsvector NOT NULL
        ) WITH (toast_tuple_target = 128)""",
    # More room for the most common elements: the prefixed lexemes share it.
    "ALTER TABLE search_match ALTER COLUMN words SET STATISTICS 300",
    """INSERT INTO search_facet_set (key, status, study_type, sex, phases,
                                     intervention_types, funder_types, countries)
    SELECT DISTINCT trialfinder_facet_key(status, study_type, sex, phases,
                                          intervention_types, funder_types, countries),
           status, study_type, sex, phases, intervention_types, funder_types, countries
    FROM search_doc""",
    """INSERT INTO search_match (trial_id, doc_id, facet_code, minimum_age, maximum_age, words)
    SELECT doc.trial_id, doc.doc_id, facet.code, doc.minimum_age, doc.maximum_age,
           trialfinder_search_words(doc.headline, doc.document, doc.tags)
    FROM search_doc AS doc JOIN search_facet_set AS facet
        ON facet.key = trialfinder_facet_key(doc.status, doc.study_type, doc.sex, doc.phases,
                                             doc.intervention_types, doc.funder_types,
                                             doc.countries)""",
    "CREATE INDEX search_match_words ON search_match USING gin (words)",
    # What moved to search_match; dropping a column drops its index.
    "ALTER TABLE search_doc DROP COLUMN condition_words, DROP COLUMN intervention_words,"
    " DROP COLUMN document, DROP COLUMN tags, DROP COLUMN minimum_age,"
    " DROP COLUMN maximum_age",
    # search_doc is now read only for a page's hits and a ranked window (2,000 rows
    # by doc_id): the headline that ranks comes inline, compressed, with its row,
    # not from TOAST (half the pages per ranked row). Rewritten, since a storage
    # change only applies to values written after it.
    "ALTER TABLE search_doc ALTER COLUMN headline SET STORAGE MAIN",
    "UPDATE search_doc SET headline = headline || ''::tsvector",
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

# The change log that a node-local search index follows (search/node_index.py), as
# SQLite's ``trials.change_seq``: every trial write numbers the trial from the data
# generation's counter, after taking its row lock, so numbers follow commit order
# and a reader that has seen number N has seen every change numbered below it.
# Narrow and apart from ``trials``: an upsert adds a 40-byte row, not a second
# version of the trial's row; ``trial_id`` has no foreign key, so a trial deleted
# with its entry kept tells a node to drop it. The existing trials are numbered
# in id order.
CHANGE_LOG: Migration = (
    """CREATE TABLE trial_change (
        trial_id bigint PRIMARY KEY,
        change_seq bigint NOT NULL
    )""",
    "CREATE UNIQUE INDEX trial_change_seq ON trial_change (change_seq) INCLUDE (trial_id)",
    """INSERT INTO trial_change (trial_id, change_seq)
    SELECT id, (SELECT counter FROM data_generation) + row_number() OVER (ORDER BY id)
    FROM trials""",
    "UPDATE data_generation SET counter = counter + (SELECT count(*) FROM trials)",
)

# Append only: a database at version N runs migrations N+1.. on open.
MIGRATIONS: list[Migration] = [
    _CORE_TABLES,
    SEARCH_TABLES,
    _DATA_GENERATION_TABLE,
    FIELD_WORDS,
    SEARCH_MATCH,
    CHANGE_LOG,
]
