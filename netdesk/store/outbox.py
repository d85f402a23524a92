"""The outbox (table `sync_outbox`, filled by the triggers of schema_v4): what changed since each
account's last sync. An entry goes only once the server has the change."""

from __future__ import annotations

from netdesk.store.models import database


def pending(account_id: int) -> int:
    return database.execute_sql("SELECT count(*) FROM sync_outbox WHERE account_id = ?", (account_id,)).fetchone()[0]


def high_water(account_id: int) -> int:
    """The newest entry now; entries after it were written after this sync read the store."""
    row = database.execute_sql("SELECT max(seq) FROM sync_outbox WHERE account_id = ?", (account_id,)).fetchone()
    return row[0] or 0


def done(account_id: int, key: str, upto: int) -> None:
    """The server has `key` as the store was at `upto`; a later write of it (a new entry) stays queued."""
    database.execute_sql("DELETE FROM sync_outbox WHERE account_id = ? AND key = ? AND seq <= ?",
                         (account_id, key, upto))


def drain(account_id: int, upto: int) -> None:
    """Every entry up to `upto`: the sync that read them has put every difference on the server."""
    database.execute_sql("DELETE FROM sync_outbox WHERE account_id = ? AND seq <= ?", (account_id, upto))
