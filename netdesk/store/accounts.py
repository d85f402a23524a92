"""CalDAV accounts (table `sync_account`) and what each holds on its server (table `sync_item`)."""

from __future__ import annotations

from netdesk.domain.sync_account import Account, Item
from netdesk.store.contacts import now_stamp
from netdesk.store.models import database

_COLUMNS = ("id, name, url, username, calendar, calendar_url, reminders_as, ca_cert, addressbook, contacts, history, "
            "sync_token, last_synced")


def _account(row) -> Account:
    return Account(*row[:9], bool(row[9]), bool(row[10]), row[11], row[12])


def all_accounts() -> list[Account]:
    return [_account(r) for r in database.execute_sql(f"SELECT {_COLUMNS} FROM sync_account ORDER BY name")]


def by_name(name: str) -> Account | None:
    row = database.execute_sql(f"SELECT {_COLUMNS} FROM sync_account WHERE name = ?", (name,)).fetchone()
    return None if row is None else _account(row)


def add(account: Account) -> int:
    """A new account; every reminder and meeting is queued for it (its first sync uploads them all)."""
    cursor = database.execute_sql(
        "INSERT INTO sync_account (name, url, username, calendar, calendar_url, reminders_as, ca_cert, addressbook,"
        " contacts, history, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (account.name, account.url, account.username, account.calendar, account.calendar_url, account.reminders_as,
         account.ca_cert, account.addressbook, int(account.contacts), int(account.history), now_stamp()))
    account_id = cursor.lastrowid
    database.execute_sql("INSERT OR IGNORE INTO sync_outbox(account_id, key) SELECT ?, uid FROM reminder",
                         (account_id,))
    database.execute_sql(
        "INSERT OR IGNORE INTO sync_outbox(account_id, key) SELECT ?, 'meeting/' || id FROM meeting", (account_id,))
    return account_id


def remove(account_id: int) -> None:
    for table in ("sync_outbox", "sync_item"):
        database.execute_sql(f"DELETE FROM {table} WHERE account_id = ?", (account_id,))
    database.execute_sql("DELETE FROM sync_account WHERE id = ?", (account_id,))


def set_token(account_id: int, token: str | None) -> None:
    database.execute_sql("UPDATE sync_account SET sync_token = ? WHERE id = ?", (token, account_id))


def set_synced(account_id: int, stamp: str) -> None:
    database.execute_sql("UPDATE sync_account SET last_synced = ? WHERE id = ?", (stamp, account_id))


def items(account_id: int) -> dict[str, Item]:
    """uid → the object netdesk holds for it on the server."""
    rows = database.execute_sql("SELECT uid, href, etag, digest FROM sync_item WHERE account_id = ?", (account_id,))
    return {r[0]: Item(*r) for r in rows}


def put_item(account_id: int, item: Item) -> None:
    database.execute_sql("INSERT OR REPLACE INTO sync_item (account_id, uid, href, etag, digest) VALUES (?, ?, ?, ?, ?)",
                         (account_id, item.uid, item.href, item.etag, item.digest))


def forget_item(account_id: int, uid: str) -> None:
    database.execute_sql("DELETE FROM sync_item WHERE account_id = ? AND uid = ?", (account_id, uid))


def reminder_id(uid: str) -> int | None:
    """The reminder an object on the server stands for (its UID is the reminder's)."""
    row = database.execute_sql("SELECT id FROM reminder WHERE uid = ?", (uid,)).fetchone()
    return None if row is None else row[0]
