"""One sync of one account, or of all: pull what the phone did, then push until the collection equals
the reminders and meetings. A failure leaves every change waiting in the outbox."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from netdesk.domain.change import Change
from netdesk.domain.sync_account import Account
from netdesk.errors import UserFacingError
from netdesk.exchange.ics import IcsOptions
from netdesk.services import calendar as calendar_service
from netdesk.services.carddav import run as contacts
from netdesk.services.history_sync import run as history
from netdesk.services.sync import connection, keys, pull, push
from netdesk.services.sync.accounts import get, list_accounts
from netdesk.store import accounts as store
from netdesk.store import outbox
from netdesk.store.contacts import now_stamp
from netdesk.store.db import transaction

ROUNDS = 3  # a 412 merge renders and pushes again; more rounds mean someone keeps editing


@dataclass
class Result:
    name: str
    pushed: int = 0
    pulled: int = 0
    archived: int = 0  # contacts: a later issue
    conflicts: int = 0  # contacts: a later issue
    duplicates: int = 0  # contacts: cards offered as likely duplicates on a first sync (services/carddav)
    pending: int = 0
    errors: list[str] = field(default_factory=list)
    change: Change = field(default_factory=Change)  # what the pull changed locally (for the window)
    offline: bool = False  # the server did not answer at all (the window retries with back-off)
    needs_password: bool = False  # none in the keyring and none given
    journal: pull.Journal | None = None  # the local rows the pull wrote, before and after (the window's undo)

    def to_json(self) -> dict:
        return {"name": self.name, "pushed": self.pushed, "pulled": self.pulled, "archived": self.archived,
                "conflicts": self.conflicts, "pending": self.pending, "errors": self.errors,
                "duplicates": self.duplicates}


def options_for(account: Account) -> IcsOptions:
    """The export's options for this account: never private notes."""
    chosen = calendar_service.load_settings()  # the export's alarms, birthdays' own included (one builder)
    return IcsOptions(todo=account.reminders_as == "tasks", alarm=chosen.alarm, birthday_alarm=chosen.birthday_alarm)


def sync_account(account: Account, password: str | None, *, today: dt.date, allow_mass_delete: bool = False,
                 dry_run: bool = False, progress: Callable[[int, int], bool] | None = None) -> Result:
    """One account's sync; what the phone did is journaled, so the window can undo it as one command."""
    with pull.journal() as kept:
        result = _sync_account(account, password, today=today, allow_mass_delete=allow_mass_delete,
                               dry_run=dry_run, progress=progress)
    result.journal = kept.settle() if kept else None
    return result


def _sync_account(account: Account, password: str | None, *, today: dt.date, allow_mass_delete: bool,
                  dry_run: bool, progress: Callable[[int, int], bool] | None) -> Result:
    result = Result(account.name)
    pushed = push.Pushed()
    password = password or keys.load(account.name)
    try:
        if not password:
            result.needs_password = True
            raise connection.SyncError(f"no password for {account.name!r} in the keyring: pass it with "
                                       "--password-stdin")
        target = connection.Target(account.url, account.username, password, account.ca_cert)
        with connection.explained(target), contextlib.closing(connection.client(target)) as dav:
            collection = connection.calendar_at(dav, account.calendar_url)
            result.pulled, result.change = pull.run(collection, account, today=today,
                                              allow_mass_delete=allow_mass_delete, dry_run=dry_run)
            account = store.by_name(account.name) or account
            for _round in range(ROUNDS):
                upto = outbox.high_water(account.id)
                objects = calendar_service.calendar_objects(options_for(account))
                if dry_run:
                    writes, removals = push.plan(objects, store.items(account.id))
                    result.pushed = len(writes) + len(removals)
                    break
                _pushed, again = push.run(dav, account, objects, upto, today, progress, into=pushed)
                result.pushed, pushed.count = result.pushed + pushed.count, 0
                if not again:
                    break
            if not dry_run and pushed.created:
                # The token read before the push predates what it created: a server may leave out of the
                # next listing an object made and deleted since (Xandikos does), so the phone's deletion
                # of a new one would never be seen. A second listing now moves the token past the push.
                account = store.by_name(account.name) or account
                pulled, change = pull.run(collection, account, today=today, allow_mass_delete=allow_mass_delete,
                                          dry_run=False)
                result.pulled, result.change = result.pulled + pulled, result.change | change
            if not dry_run:
                with transaction():
                    if pushed.level or not push.differs(objects, store.items(account.id)):
                        outbox.drain(account.id, upto)  # everything read is on the server
                    store.set_synced(account.id, now_stamp())
            contacts.add_to(result, dav, account, today=today, allow_mass_delete=allow_mass_delete, dry_run=dry_run)
            history.add_to(result, dav, account, today=today, allow_mass_delete=allow_mass_delete, dry_run=dry_run)
    except UserFacingError as e:
        result.pushed += pushed.count  # what this round wrote before the error
        result.errors.append(str(e))
        result.offline = isinstance(e, connection.Unreachable)
    result.pending = outbox.pending(account.id) + contacts.pending(account) + history.pending(account)
    return result


def sync(name: str | None = None, *, password: str | None = None, today: dt.date, allow_mass_delete: bool = False,
         dry_run: bool = False, progress: Callable[[int, int], bool] | None = None) -> list[Result]:
    chosen = [get(name)] if name else [a for a, _pending in list_accounts()]
    return [sync_account(a, password, today=today, allow_mass_delete=allow_mass_delete, dry_run=dry_run,
                         progress=progress) for a in chosen]


def pending() -> int:
    """How many changes wait, over every account (0 without accounts)."""
    return sum(waiting for _account, waiting in list_accounts())
