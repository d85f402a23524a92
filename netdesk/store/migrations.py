"""Migrations registered in code, in order. Each runs in one transaction and bumps `user_version`.

Nothing is found by globbing files at run time, since that breaks under PyInstaller.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import peewee

from netdesk.errors import StoreError
from netdesk.store.schema_v1 import V1
from netdesk.store.schema_v2 import V2
from netdesk.store.schema_v3 import V3
from netdesk.store.schema_v4 import V4
from netdesk.store.schema_v5 import V5
from netdesk.store.schema_v6 import V6, reminder_schema
from netdesk.store.schema_v7 import V7
from netdesk.store.schema_v8 import V8
from netdesk.store.schema_v9 import V9

Migration = Callable[[peewee.SqliteDatabase], None]


def _v1(db: peewee.SqliteDatabase) -> None:
    for statement in V1:
        db.execute_sql(statement)
    # Calendar UIDs are derived from this id, so two stores never share a UID.
    db.execute_sql("INSERT INTO setting(key, value) VALUES ('store_id', ?)", (f'"{uuid.uuid4()}"',))


def _v2(db: peewee.SqliteDatabase) -> None:
    for statement in V2:
        db.execute_sql(statement)


def _v3(db: peewee.SqliteDatabase) -> None:
    for statement in V3:
        db.execute_sql(statement)


def _v4(db: peewee.SqliteDatabase) -> None:
    for statement in V4:
        db.execute_sql(statement)


def _v5(db: peewee.SqliteDatabase) -> None:
    for statement in V5:
        db.execute_sql(statement)


def _v6(db: peewee.SqliteDatabase) -> None:
    kept = reminder_schema(db)
    for statement in V6:
        db.execute_sql(statement)
    for statement in kept:
        db.execute_sql(statement)


def _v7(db: peewee.SqliteDatabase) -> None:
    for statement in V7:
        db.execute_sql(statement)


def _v8(db: peewee.SqliteDatabase) -> None:
    kept = reminder_schema(db)  # read before the rebuild: the reminder table's indexes and triggers
    for statement in V8:
        db.execute_sql(statement)
    for statement in kept:
        db.execute_sql(statement)


def _identity(db: peewee.SqliteDatabase) -> None:
    """schema_v9 (issue 17): global UIDs for history records, reminder actions, history sync state."""
    for statement in V9:
        db.execute_sql(statement)


# _identity was written for slot 9 after the reserved anniversary migration (v8); until that one lands it runs
# 8th. A migration added after this must go after it (never before: stores at 8 already ran it).
MIGRATIONS: list[Migration] = [_v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8, _identity]
LATEST = len(MIGRATIONS)


def user_version(db: peewee.SqliteDatabase) -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def migrate(db: peewee.SqliteDatabase, migrations: list[Migration] | None = None) -> int:
    """Bring the store to the latest version; returns the number of migrations applied.

    A store written by a newer netdesk is refused rather than guessed at.
    """
    steps = MIGRATIONS if migrations is None else migrations
    current = user_version(db)
    if current > len(steps):
        raise StoreError(
            f"this store was written by a newer netdesk (schema {current}, this version knows {len(steps)}); "
            "upgrade netdesk to open it"
        )
    applied = 0
    for version in range(current + 1, len(steps) + 1):
        with db.atomic():
            steps[version - 1](db)
            # PRAGMA user_version is transactional in SQLite, so a failed step rolls it back too.
            db.execute_sql(f"PRAGMA user_version = {version}")
        applied += 1
    return applied
