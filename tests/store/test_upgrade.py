"""Every released schema has a fixture store; each upgrades to the latest with every row intact."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import peewee
import pytest

from netdesk.errors import StoreError
from netdesk.store import migrations
from netdesk.store.db import close_store, open_store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Bump when a netdesk with a new schema version is released, and add its fixture with make_fixtures.py.
RELEASED = 3
SHADOW = ("contact_fts_",)  # FTS5's own tables: rebuilt, not user rows


def fixture_versions() -> list[int]:
    return sorted(int(p.stem.removeprefix("store_v")) for p in FIXTURES.glob("store_v*.sqlite3"))


def user_tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")
        if not r[0].startswith(SHADOW)]


def rows_of(conn: sqlite3.Connection, table: str, columns: list[str]) -> list[tuple]:
    listed = ", ".join(f'"{c}"' for c in columns)
    return sorted(conn.execute(f'SELECT {listed} FROM "{table}"').fetchall(), key=repr)


def columns_of(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def test_there_is_a_fixture_for_every_released_schema():
    assert fixture_versions() == list(range(1, RELEASED + 1))


@pytest.mark.parametrize("version", fixture_versions())
def test_fixture_has_rows_in_every_table(version):
    conn = sqlite3.connect(FIXTURES / f"store_v{version}.sqlite3")
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        empty = [t for t in user_tables(conn) if conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] == 0]
        assert empty == []
    finally:
        conn.close()


@pytest.mark.parametrize("version", fixture_versions())
def test_upgrade_keeps_every_row(version, tmp_path):
    store = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES / f"store_v{version}.sqlite3", store)
    old = sqlite3.connect(store)
    before = {t: (columns_of(old, t), rows_of(old, t, columns_of(old, t))) for t in user_tables(old)}
    old.close()

    database = open_store(store)
    try:
        assert migrations.user_version(database) == migrations.LATEST
        assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        new = database.connection()
        for table, (columns, rows) in before.items():
            assert rows_of(new, table, columns) == rows, table
        # The upgraded store works through the services, full-text search included.
        from netdesk.services import contacts

        assert [c.name for c in contacts.list_contacts(search="angstrom")] == ["Zoë Ångström-Núñez"]
        assert [c.name for c in contacts.list_contacts(search="山田")] == ["山田 太郎"]
    finally:
        close_store()


@pytest.mark.parametrize("version", fixture_versions())
def test_upgraded_fixture_through_the_cli(version, tmp_path, cli, db_path):
    shutil.copyfile(FIXTURES / f"store_v{version}.sqlite3", db_path)
    shown = cli("contact", "show", "zoe@example.org", "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["name"] == "Zoë Ångström-Núñez"
    assert sorted(data["tags"]) == ["PyCon", "mentor"]
    assert data["emails"] == ["Zoe@Example.org", "zoe.home@example.net"]


def test_store_from_a_newer_netdesk_is_refused_clearly_and_untouched(tmp_path, cli, db_path):
    shutil.copyfile(FIXTURES / "store_v1.sqlite3", db_path)
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    snapshot = db_path.read_bytes()
    refused = cli("contact", "list")
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: ") and "newer netdesk" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert db_path.read_bytes() == snapshot


def test_failed_migration_of_a_real_old_store_rolls_back_completely(tmp_path):
    store = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES / "store_v1.sqlite3", store)
    conn = sqlite3.connect(store)
    before = {t: rows_of(conn, t, columns_of(conn, t)) for t in user_tables(conn)}
    old_columns = {t: columns_of(conn, t) for t in user_tables(conn)}
    conn.close()

    def half_way(db: peewee.SqliteDatabase) -> None:
        # A step that changes data and schema, then fails: none of it may remain.
        db.execute_sql("ALTER TABLE contact ADD COLUMN pronouns TEXT")
        db.execute_sql("UPDATE contact SET name = 'CLOBBERED'")
        db.execute_sql("DELETE FROM email")
        raise peewee.IntegrityError("the step failed")

    database = open_store(store)
    try:
        with pytest.raises(peewee.IntegrityError):
            migrations.migrate(database, [*migrations.MIGRATIONS, half_way])
        assert migrations.user_version(database) == migrations.LATEST
        new = database.connection()
        assert "pronouns" not in columns_of(new, "contact")
        for table, rows in before.items():
            # Later migrations add columns (schema 9: uid); the old ones keep every value.
            assert rows_of(new, table, old_columns[table]) == rows, table
    finally:
        close_store()


def test_newer_store_is_refused_by_open_store(tmp_path):
    store = tmp_path / "newer.sqlite3"
    shutil.copyfile(FIXTURES / "store_v1.sqlite3", store)
    conn = sqlite3.connect(store)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="newer netdesk .*schema 99"):
        open_store(store)
