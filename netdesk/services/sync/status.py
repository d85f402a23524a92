"""What the window shows of sync without loading the CalDAV client (caldav and niquests take most of a
second to import): the accounts and how many changes wait for each."""

from __future__ import annotations

from netdesk.domain.sync_account import Account
from netdesk.store import accounts, outbox


def accounts_waiting() -> list[tuple[Account, int]]:
    """Every account with how many changes wait for it (accounts.list_accounts, without caldav)."""
    return [(a, outbox.pending(a.id)) for a in accounts.all_accounts()]
