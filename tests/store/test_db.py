import os
import sqlite3
import stat

import peewee
import pytest

from netdesk.errors import StoreError
from netdesk.store import migrations
from netdesk.store.db import close_store, open_store
from netdesk.store.models import ALL_MODELS


def test_new_store_is_private_wal_with_foreign_keys(store, db_path):
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600
    assert store.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.execute_sql("PRAGMA user_version").fetchone()[0] == migrations.LATEST


def test_models_match_the_migrated_schema(store):
    """The peewee models and the SQL migrations describe the same columns."""
    for model in ALL_MODELS:
        table = model._meta.table_name
        columns = {row[1] for row in store.execute_sql(f"PRAGMA table_info({table})").fetchall()}
        fields = {field.column_name for field in model._meta.sorted_fields}
        assert fields == columns, table


def test_reopening_does_not_migrate_again(db_path):
    open_store(db_path)
    close_store()
    database = open_store(db_path)
    try:
        assert migrations.migrate(database) == 0
    finally:
        close_store()


def test_store_from_a_newer_netdesk_is_refused(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer netdesk"):
        open_store(db_path)


def test_failed_migration_rolls_back_completely(store):
    def broken(db):
        db.execute_sql("CREATE TABLE half_done (x INTEGER)")
        raise peewee.OperationalError("boom")

    with pytest.raises(peewee.OperationalError):
        migrations.migrate(store, [*migrations.MIGRATIONS, broken])
    assert migrations.user_version(store) == migrations.LATEST
    tables = {r[0] for r in store.execute_sql("SELECT name FROM sqlite_master WHERE type='table'").fetchall()}
    assert "half_done" not in tables


def test_not_a_database_gives_a_clear_error(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a netdesk store"):
        open_store(junk)


def test_unwritable_folder_is_refused_and_nothing_is_created(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user that ignores permissions")
        with pytest.raises(StoreError, match="cannot write"):
            open_store(folder / "netdesk.sqlite3")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)
