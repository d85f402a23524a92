"""Account use cases: add (the server must answer and accept the login; netdesk's collection is found
or made), list, remove. Nothing on the server is ever deleted by removing an account."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from netdesk.domain.change import Change
from netdesk.domain.sync_account import Account
from netdesk.errors import InvalidValue, NotFound
from netdesk.services.sync import connection, keys, status
from netdesk.store import accounts as store
from netdesk.store import outbox
from netdesk.store.db import transaction

SETTING = "sync.accounts"  # the Change's setting key for any account edit


@dataclass(frozen=True)
class Added:
    account: Account
    change: Change
    pending: int
    warnings: tuple[str, ...] = ()


def add(name: str, *, url: str, username: str, password: str, calendar: str = "netdesk",
        reminders_as: str = "events", ca_cert: str = "", addressbook: str = "", contacts: bool = True,
        history: bool = True) -> Added:
    name = name.strip()
    if not name:
        raise InvalidValue("the account needs a name")
    if reminders_as not in ("events", "tasks"):
        raise InvalidValue(f"--reminders-as is events or tasks, not {reminders_as!r}")
    if store.by_name(name) is not None:
        raise InvalidValue(f"there is already an account named {name!r} (account remove {name} first)")
    if not password:
        raise InvalidValue("the account needs a password (--password-stdin reads it from standard input)")
    ca_cert = connection.check_ca(ca_cert)
    target = connection.Target(connection.check_url(url, ca_cert), username, password, ca_cert)
    with connection.explained(target), contextlib.closing(connection.client(target)) as dav:
        found = connection.find_or_make_calendar(dav, calendar or "netdesk")
    account = Account(0, name, target.url, username, calendar or "netdesk", str(found.url), reminders_as,
                      target.ca_cert, addressbook, contacts, history)
    warning = keys.store(name, password)
    try:
        with transaction():
            account_id = store.add(account)
    except BaseException:
        keys.forget(name)
        raise
    saved = store.by_name(name)
    assert saved is not None and saved.id == account_id
    return Added(saved, Change.of(settings=[SETTING]), outbox.pending(account_id), (warning,) if warning else ())


def list_accounts() -> list[tuple[Account, int]]:
    """Every account with how many changes wait for it."""
    return status.accounts_waiting()


def get(name: str) -> Account:
    found = store.by_name(name)
    if found is None:
        raise NotFound(f"no account named {name!r}")
    return found


def remove(name: str) -> Change:
    account = get(name)
    with transaction():
        store.remove(account.id)
    keys.forget(name)
    return Change.of(settings=[SETTING])
