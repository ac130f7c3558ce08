"""Schema migrations, applied in order; a database remembers the last one it ran.

Each backend has its own SQL dialect but the same numbered steps, so a version number means the
same schema everywhere.

Version 3 adds ``messages.author_id``: whose words a message holds when they are not the caller's
(``/ner`` in reply to someone else's message), so that the author's ``/forget`` reaches them too.
Rows stored before it have no author recorded; ``chat_id`` was stored from the start, so
``/history`` can be scoped to a group for old rows as well.
"""

from __future__ import annotations

SQLITE_MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        CREATE TABLE users (
            user_id     INTEGER PRIMARY KEY,
            engine      TEXT,
            epoch       INTEGER NOT NULL DEFAULT 0,
            created_at  TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        );
        CREATE TABLE messages (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id     INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            chat_id     INTEGER NOT NULL,
            text        TEXT NOT NULL,
            epoch       INTEGER NOT NULL,
            created_at  TEXT NOT NULL,
            source_key  TEXT UNIQUE
        );
        CREATE INDEX messages_user_latest ON messages(user_id, id DESC);
        CREATE INDEX messages_user_epoch ON messages(user_id, epoch, id DESC);
        CREATE INDEX messages_created ON messages(created_at);
        CREATE TABLE results (
            message_id  INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
            entities    TEXT NOT NULL,
            engine      TEXT NOT NULL,
            latency_ms  REAL NOT NULL,
            note        TEXT,
            created_at  TEXT NOT NULL,
            replied_at  TEXT
        );
        """,
    ),
    (
        2,
        """
        CREATE TABLE inbox (
            update_id   INTEGER PRIMARY KEY,
            payload     TEXT NOT NULL,
            received_at TEXT NOT NULL,
            done        INTEGER NOT NULL DEFAULT 0
        );
        """,
    ),
    (
        3,
        """
        ALTER TABLE messages ADD COLUMN author_id INTEGER;
        CREATE INDEX messages_author ON messages(author_id) WHERE author_id IS NOT NULL;
        CREATE INDEX messages_user_chat ON messages(user_id, chat_id, id DESC);
        """,
    ),
    (
        4,
        """
        ALTER TABLE results ADD COLUMN relations TEXT NOT NULL DEFAULT '[]';
        """,
    ),
    (
        5,
        # PostgreSQL's rate_limits table: replicas sharing one database share each user's
        # request budget. One SQLite process counts in memory, so SQLite has nothing to add.
        "",
    ),
)

POSTGRES_MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        CREATE TABLE users (
            user_id     BIGINT PRIMARY KEY,
            engine      TEXT,
            epoch       BIGINT NOT NULL DEFAULT 0,
            created_at  TIMESTAMPTZ NOT NULL,
            updated_at  TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE messages (
            id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            user_id     BIGINT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            chat_id     BIGINT NOT NULL,
            text        TEXT NOT NULL,
            epoch       BIGINT NOT NULL,
            created_at  TIMESTAMPTZ NOT NULL,
            source_key  TEXT UNIQUE
        );
        CREATE INDEX messages_user_latest ON messages(user_id, id DESC);
        CREATE INDEX messages_user_epoch ON messages(user_id, epoch, id DESC);
        CREATE INDEX messages_created ON messages(created_at);
        CREATE TABLE results (
            message_id  BIGINT PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
            entities    TEXT NOT NULL,
            engine      TEXT NOT NULL,
            latency_ms  DOUBLE PRECISION NOT NULL,
            note        TEXT,
            created_at  TIMESTAMPTZ NOT NULL,
            replied_at  TIMESTAMPTZ
        );
        """,
    ),
    (
        2,
        """
        CREATE TABLE inbox (
            update_id   BIGINT PRIMARY KEY,
            payload     TEXT NOT NULL,
            received_at TIMESTAMPTZ NOT NULL,
            done        BOOLEAN NOT NULL DEFAULT FALSE
        );
        """,
    ),
    (
        3,
        """
        ALTER TABLE messages ADD COLUMN author_id BIGINT;
        CREATE INDEX messages_author ON messages(author_id) WHERE author_id IS NOT NULL;
        CREATE INDEX messages_user_chat ON messages(user_id, chat_id, id DESC);
        """,
    ),
    (
        4,
        """
        ALTER TABLE results ADD COLUMN relations TEXT NOT NULL DEFAULT '[]';
        """,
    ),
    (
        5,
        """
        CREATE TABLE rate_limits (
            user_id     BIGINT PRIMARY KEY,
            hits        TIMESTAMPTZ[] NOT NULL,
            allowed     BOOLEAN NOT NULL,
            notify      BOOLEAN NOT NULL,
            quiet_until TIMESTAMPTZ
        );
        """,
    ),
)

LATEST_VERSION = max(version for version, _ in SQLITE_MIGRATIONS)
"""The schema version an opened store is at; both dialects share the numbering."""
