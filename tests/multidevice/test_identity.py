"""Issue 17 items 1 and 2: every history record has a global UID; reminders derive theirs from the rule and
the source record's UID, so two stores with the same history hold the same reminder UIDs."""

from __future__ import annotations

import re
import shutil
import sqlite3
import uuid
from pathlib import Path

from netdesk.domain.identity import HISTORY_TABLES, reminder_uid_from
from netdesk.store import migrations
from netdesk.store.db import close_store, open_store

FIXTURES = Path(__file__).resolve().parents[1] / "store" / "fixtures"
UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def test_an_old_store_gets_a_uid_for_every_record_and_keeps_its_reminder_uids(tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES / "store_v1.sqlite3", path)
    with sqlite3.connect(path) as old:
        reminders = old.execute("SELECT id, uid FROM reminder ORDER BY id").fetchall()
        counts = {t: old.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in HISTORY_TABLES[:-1]}
    database = open_store(path)
    try:
        assert migrations.user_version(database) == migrations.LATEST
        seen: set[str] = set()
        for table, count in counts.items():
            uids = [u for (u,) in database.execute_sql(f"SELECT uid FROM {table}")]
            assert len(uids) == count and all(UUID4.fullmatch(u) for u in uids), table
            seen.update(uids)
        assert len(seen) == sum(counts.values())  # never two records with one UID
        assert database.execute_sql("SELECT id, uid FROM reminder ORDER BY id").fetchall()[:len(reminders)] == reminders
        for table in HISTORY_TABLES:
            notnull = {r[1]: r[3] for r in database.execute_sql(f"PRAGMA table_info({table})")}
            assert notnull["uid"] == 1, table
    finally:
        close_store()


def test_a_row_written_by_raw_sql_gets_a_uid_and_a_second_one_a_different_uid(store):
    store.execute_sql("INSERT INTO contact(name, created_on, updated_at) VALUES ('Ann', '2026-01-01', 'x')")
    store.execute_sql("INSERT INTO favour(contact_id, text, on_date) VALUES (1, 'a', '2026-01-02'), "
                      "(1, 'b', '2026-01-03')")
    uids = [u for (u,) in store.execute_sql("SELECT uid FROM favour")]
    assert len(set(uids)) == 2 and all(UUID4.fullmatch(u) for u in uids)


def _history(cli, favour_uid: str) -> dict[str, str]:
    """A store with one contact, a favour, a lead and a referral, the favour given `favour_uid` as a second
    installation would receive it; returns reminder kind/source -> uid."""
    assert cli("contact", "add", "Ann Lee").returncode == 0
    assert cli("contact", "add", "Bo Chen").returncode == 0
    assert cli("favour", "1", "lent a book", "--on", "2026-11-30").returncode == 0
    con = sqlite3.connect(cli.db)
    with con:
        con.execute("UPDATE favour SET uid = ?", (favour_uid,))
        con.execute("DELETE FROM reminder")
    con.close()
    assert cli("reminders", "--all").returncode == 0  # derives afresh
    con = sqlite3.connect(cli.db)
    try:
        return {f"{k}/{s}": u for k, s, u in con.execute("SELECT kind, source, uid FROM reminder")}
    finally:
        con.close()


def test_two_stores_with_the_same_record_derive_the_same_reminder_uid(tmp_path):
    from tests.conftest import run_netdesk

    shared = str(uuid.uuid4())
    found = []
    for name in ("a", "b"):
        db = tmp_path / f"{name}.sqlite3"

        def cli(*args, db=db):
            return run_netdesk(*args, db=db)

        cli.db = db
        found.append(_history(cli, shared))
    assert found[0]["thank-you/favour"] == found[1]["thank-you/favour"] == reminder_uid_from("thank-you", "favour",
                                                                                             shared)
