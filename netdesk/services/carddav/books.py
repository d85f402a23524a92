"""Which address book an account syncs contacts with (issue 16 item 1): the server's address books listed by
name, one chosen (found, or made when it does not exist, as `account add --addressbook` does), changed later,
or contacts turned off.

Changing the address book forgets what netdesk knew of the old one (cards, token, conflicts); nothing on
either side is deleted, and the next sync is a first sync with the new one, which matches before it
creates (the same UID, email or LinkedIn URL is one contact), so switching back and forth makes no doubles.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from netdesk.domain.change import Change
from netdesk.domain.sync_account import Account
from netdesk.errors import InvalidValue
from netdesk.services.carddav import dav
from netdesk.services.sync import connection, keys
from netdesk.services.sync.accounts import SETTING, get
from netdesk.store import accounts as account_store
from netdesk.store import card_sync as state
from netdesk.store.db import transaction

DEFAULT = "netdesk"


@dataclass(frozen=True)
class Book:
    name: str
    url: str


@dataclass(frozen=True)
class Chosen:
    account: Account
    url: str | None  # None: contacts turned off
    change: Change
    switched: bool  # another address book than before: the next sync is a first one


def _target(url: str, username: str, password: str, ca_cert: str = "") -> connection.Target:
    if not password:
        raise connection.SyncError("the account needs a password")
    ca_cert = connection.check_ca(ca_cert)
    return connection.Target(connection.check_url(url, ca_cert), username.strip(), password, ca_cert)


def _password(account: Account, password: str | None) -> str:
    found = password or keys.load(account.name)
    if not found:
        raise connection.SyncError(f"no password for {account.name!r} in the keyring")
    return found


def books_at(url: str, username: str, password: str, *, ca_cert: str = "") -> list[Book]:
    """The address books on a server not added yet (the Accounts page, after Test connection)."""
    target = _target(url, username, password, ca_cert)
    with connection.explained(target), contextlib.closing(connection.client(target)) as client:
        return [Book(name, found) for name, found in dav.books(client)]


def books_of(name: str, password: str | None = None) -> list[Book]:
    """The address books on an account's server."""
    account = get(name)
    return books_at(account.url, account.username, _password(account, password), ca_cert=account.ca_cert)


def choose(name: str, addressbook: str | None, *, password: str | None = None) -> Chosen:
    """Sync the account's contacts with the address book called `addressbook` (made when missing), or turn
    contacts off with None or ''."""
    account = get(name)
    wanted = (addressbook or "").strip()
    if not wanted:
        with transaction():
            state.set_addressbook(account.id, account.addressbook, contacts=False)
        return Chosen(get(name), None, Change.of(settings=[SETTING]), False)
    if "/" in wanted:
        raise InvalidValue("an address book is named by its name, without '/'")
    target = _target(account.url, account.username, _password(account, password), account.ca_cert)
    with connection.explained(target), contextlib.closing(connection.client(target)) as client:
        url = dav.find_or_make(client, wanted)
    held = state.book(account.id)
    switched = held is None or dav.path_of(held.url).rstrip("/") != dav.path_of(url).rstrip("/")
    with transaction():
        if switched:
            state.forget_book(account.id)
            state.set_book(account.id, url)
        elif not account.contacts:  # off for a while: edits made meanwhile were not queued, so look at all
            state.set_first_done(account.id, False)
        state.set_addressbook(account.id, wanted, contacts=True)
    saved = account_store.by_name(name)
    assert saved is not None
    return Chosen(saved, url, Change.of(settings=[SETTING]), switched)
