"""Database-specific full-text structures beside the ``search_searchentry`` table.

PostgreSQL: two stored generated ``tsvector`` columns with GIN indexes — the words of every
field (lexemes only), and the *head*: title and number with positions, weight A for the title
and C for the number, so a phrase can be required to sit inside one field (weights label fields;
they are not used for scoring — ranking is done in Python, the same way on both databases).
The text is already folded to ASCII words, so the 'simple' configuration (lower-casing, no
stemming, no stop words) is exactly right.

SQLite: an FTS5 table with external content (it stores only the index, not the text) kept in
step by triggers, so bulk inserts, upserts and deletes keep it right without Django's help.

Both are created by migration 0002 and checked again after every ``migrate`` (``ensure``): on
SQLite a later migration that alters the entry table rebuilds it, which drops its triggers.
On PostgreSQL the generated columns depend on title, number and body: a migration that changes
one of those columns' type must ``uninstall`` first and ``install`` after.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "search_searchentry"
FTS_TABLE = "search_searchentry_fts"
VECTOR_COLUMN = "search_vector"
GIN_INDEX = "search_entry_vector_gin"
HEAD_COLUMN = "search_head"
HEAD_GIN_INDEX = "search_entry_head_gin"
# The columns indexed, in FTS5 column order. Matching on both databases refers to them by role.
COLUMNS = ("title", "number", "body")

_PG_INSTALL = [
    # Lexemes only (strip): no condition on it needs positions or weights, and a small vector
    # is cheap to read for every row a scan visits.
    f"""
    ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS {VECTOR_COLUMN} tsvector
    GENERATED ALWAYS AS (
        strip(to_tsvector(
            'simple'::regconfig,
            coalesce(title, '') || ' ' || coalesce(number, '') || ' ' || coalesce(body, '')
        ))
    ) STORED
    """,
    f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON {TABLE} USING GIN ({VECTOR_COLUMN})",
    # Positions and weights (title A, number C) for the phrase and number conditions.
    f"""
    ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS {HEAD_COLUMN} tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(number, '')), 'C')
    ) STORED
    """,
    f"CREATE INDEX IF NOT EXISTS {HEAD_GIN_INDEX} ON {TABLE} USING GIN ({HEAD_COLUMN})",
    # Keep the rows that scans read narrow: the long texts (body, excerpt) go out of line to
    # TOAST, the two vectors stay in the row, compressed (a scan tests them on every row and
    # fetching each from TOAST would cost several times more).
    f"ALTER TABLE {TABLE} ALTER COLUMN {VECTOR_COLUMN} SET STORAGE MAIN",
    f"ALTER TABLE {TABLE} ALTER COLUMN {HEAD_COLUMN} SET STORAGE MAIN",
    f"ALTER TABLE {TABLE} SET (toast_tuple_target = 256)",
]
_PG_UNINSTALL = [
    f"DROP INDEX IF EXISTS {HEAD_GIN_INDEX}",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {HEAD_COLUMN}",
    f"DROP INDEX IF EXISTS {GIN_INDEX}",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {VECTOR_COLUMN}",
]

_COLS = ", ".join(COLUMNS)
_NEW = ", ".join(f"new.{c}" for c in COLUMNS)
_OLD = ", ".join(f"old.{c}" for c in COLUMNS)
_SQLITE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    f"{_COLS}, content='{TABLE}', content_rowid='id', tokenize='unicode61', prefix='3')"
)
_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, {_COLS}) VALUES (new.id, {_NEW});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLS}) VALUES ('delete', old.id, {_OLD});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLS}) VALUES ('delete', old.id, {_OLD});
        INSERT INTO {FTS_TABLE}(rowid, {_COLS}) VALUES (new.id, {_NEW});
    END""",
]
_SQLITE_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def _execute(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _sqlite_objects(connection: BaseDatabaseWrapper) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s",
            [f"{FTS_TABLE}%"],
        )
        return {row[0] for row in cursor.fetchall()}


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the full-text structures (idempotent); a no-op on other databases."""
    if connection.vendor == "postgresql":
        _execute(connection, _PG_INSTALL)
    elif connection.vendor == "sqlite":
        existed = FTS_TABLE in _sqlite_objects(connection)
        _execute(connection, [_SQLITE_TABLE, *_SQLITE_TRIGGERS])
        if not existed:
            rebuild(connection)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        _execute(connection, _PG_UNINSTALL)
    elif connection.vendor == "sqlite":
        _execute(connection, _SQLITE_UNINSTALL)


def _pg_installed(connection: BaseDatabaseWrapper) -> bool:
    """Both generated columns and both GIN indexes are there (read-only: a reindex ends with
    this check inside its transaction, where an ALTER TABLE would wait on the site key's
    deferred checks)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = %s AND column_name IN (%s, %s)",
            [TABLE, VECTOR_COLUMN, HEAD_COLUMN],
        )
        columns = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM pg_indexes WHERE tablename = %s AND indexname IN (%s, %s)",
            [TABLE, GIN_INDEX, HEAD_GIN_INDEX],
        )
        return columns == 2 and cursor.fetchone()[0] == 2


def ensure(connection: BaseDatabaseWrapper) -> None:
    """Re-create what a table rebuild dropped, and re-sync the FTS5 index if triggers were lost."""
    if connection.vendor != "sqlite":
        if connection.vendor == "postgresql" and not _pg_installed(connection):
            install(connection)
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE])
        if cursor.fetchone() is None:
            return  # the search app is not migrated (yet)
    present = _sqlite_objects(connection)
    wanted = {FTS_TABLE, f"{FTS_TABLE}_ai", f"{FTS_TABLE}_ad", f"{FTS_TABLE}_au"}
    if wanted <= present:
        return
    _execute(connection, [_SQLITE_TABLE, *_SQLITE_TRIGGERS])
    rebuild(connection)


def rebuild(connection: BaseDatabaseWrapper) -> None:
    """Rebuild the SQLite FTS5 index from the entry table (PostgreSQL's column is generated)."""
    if connection.vendor == "sqlite":
        _execute(connection, [f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"])
