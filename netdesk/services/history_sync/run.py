"""One history sync of one account (issue 17, SYNC.md): pull the records other installations wrote since the
sync token, apply them (a record whose contact netdesk does not hold yet waits), derive the reminders they
call for, then push the history outbox with conditional writes.

A record edited on both sides since the last sync merges field by field against the copy last synced: a
field changed on one side takes that side's value; changed differently on both, the local value stays and
the server's is kept beside it (`history_conflict`), as for contacts. The token is kept only once every
change it reported is in netdesk, so an interrupted sync is simply done again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import caldav

from netdesk.domain.change import Change
from netdesk.domain.identity import HISTORY_TABLES
from netdesk.domain.sync_account import Account
from netdesk.exchange import history_journal as journal
from netdesk.services import reminders
from netdesk.services.history_sync import dav
from netdesk.services.sync.connection import SyncError
from netdesk.store import history_sync as state
from netdesk.store import settings
from netdesk.store.contacts import now_stamp
from netdesk.store.db import transaction

MASS_SHARE = 0.5
MASS_FLOOR = 10
ROUNDS = 3  # a 412 merges and writes again; more rounds mean someone keeps editing


@dataclass
class HistoryResult:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    pending: int = 0
    unsupported: bool = False
    change: Change = field(default_factory=Change)
    errors: list[str] = field(default_factory=list)


def collection_name(account: Account) -> str:
    """The account's history calendar: "netdesk-history" beside the default "netdesk" calendar."""
    return f"{account.calendar or 'netdesk'}-history"


def wanted(account: Account) -> bool:
    return bool(account.history)


def status(account: Account) -> str:
    """What the account says about its history (`account list`)."""
    if not account.history:
        return "off"
    found = state.book(account.id)
    if found is None:
        return "not synced yet"
    if not found.supported:
        return "the server keeps no VJOURNAL: reminders and contacts sync, history does not"
    return "synced"


def pending(account: Account) -> int:
    found = state.book(account.id) if account.history else None
    return state.waiting(account.id) if found is not None and found.supported else 0


class _Sync:
    def __init__(self, client: caldav.DAVClient, account: Account, url: str, today: dt.date) -> None:
        self.client, self.account, self.url, self.today = client, account, url, today
        self.store_id = settings.store_id() or "netdesk"
        self.result = HistoryResult()
        self.touched: set[int] = set()
        self.actions: list[str] = []
        self._by_uid: dict[str, int] | None = None
        self._uid_of: dict[int, str] | None = None

    # -- identity ---------------------------------------------------------------------------------------
    def contact_id(self, uid: str) -> int | None:
        if self._by_uid is None:
            self._by_uid = state.contacts_by_uid(self.store_id)
        return self._by_uid.get(uid)

    def contact_uid(self, contact_id: int) -> str:
        if self._uid_of is None:
            self._uid_of = state.contact_uids(self.account.id, self.store_id)
        return self._uid_of[contact_id]

    def reset_contacts(self) -> None:
        self._by_uid = self._uid_of = None

    # -- records as they travel -------------------------------------------------------------------------
    def local(self, kind: str, uid: str) -> journal.HistoryRecord | None:
        found = state.record(kind, uid)
        if found is None:
            return None
        contacts = {role: self.contact_uid(cid) for role, cid in found.contact_ids.items()}
        return journal.HistoryRecord(kind, uid, contacts, {k: v for k, v in found.fields.items() if v is not None})

    @staticmethod
    def base_of(record: journal.HistoryRecord) -> dict:
        return {"contacts": dict(record.contacts), "fields": dict(record.fields)}

    @staticmethod
    def _flat(base: dict) -> dict[str, str | None]:
        out = {f"c:{k}": v for k, v in base.get("contacts", {}).items()}
        out.update({f"f:{k}": v for k, v in base.get("fields", {}).items()})
        return out

    @staticmethod
    def _unflat(kind: str, uid: str, flat: dict[str, str | None]) -> journal.HistoryRecord:
        return journal.HistoryRecord(kind, uid, {k[2:]: v for k, v in flat.items() if k[:2] == "c:" and v is not None},
                                     {k[2:]: v for k, v in flat.items() if k[:2] == "f:" and v is not None})

    def apply(self, record: journal.HistoryRecord, href: str, etag: str | None, body: str) -> bool:
        """Write a record that came from the server into the store (the caller holds the transaction);
        False when it waits for a contact netdesk does not hold yet."""
        ids: dict[str, int] = {}
        for role, uid in record.contacts.items():
            found = self.contact_id(uid)
            if found is None:
                state.put_pending(self.account.id, record.uid, href, etag, body, uid)
                return False
            ids[role] = found
        self.touched.update(state.write_record(record.kind, record.uid, ids, dict(record.fields)))
        if record.kind == "reminder_action":
            self.actions.append(record.uid)
        state.drop_pending(self.account.id, record.uid)
        return True

    def merge(self, remote: journal.HistoryRecord, base: dict | None) -> journal.HistoryRecord:
        """The three-way merge of the local record with the server's; conflicts are kept (local wins)."""
        local = self.local(remote.kind, remote.uid)
        if local is None:
            return remote
        mine, theirs = self._flat(self.base_of(local)), self._flat(self.base_of(remote))
        was = self._flat(base) if base is not None else dict(theirs)
        merged: dict[str, str | None] = {}
        for key in sorted({*mine, *theirs, *was}):
            m, t, b = mine.get(key), theirs.get(key), was.get(key)
            if m == t or t == b:
                merged[key] = m
            elif m == b:
                merged[key] = t
            else:
                merged[key] = m
                state.put_conflict(self.account.id, remote.uid, remote.kind, key[2:], m, t, now_stamp())
        return self._unflat(remote.kind, remote.uid, merged)

    # -- pull -------------------------------------------------------------------------------------------
    def pull(self, token: str | None, allow_mass_delete: bool) -> tuple[str | None, bool]:
        """Apply what changed on the server since `token`; returns (new token, whether all was read)."""
        listing = dav.changes(self.client, self.url, token)
        held = state.items(self.account.id)
        by_path = {i.href: i for i in held.values()}
        changed = [p for p, etag in listing.changed.items()
                   if (i := by_path.get(p)) is None or etag is None or i.etag != etag]
        gone = [by_path[p] for p in listing.deleted if p in by_path]
        if listing.full:
            gone += [i for p, i in by_path.items() if p not in listing.changed and i not in gone]
        if len(gone) > MASS_FLOOR and len(gone) > MASS_SHARE * max(len(held), 1) and not allow_mass_delete:
            raise SyncError(f"the history calendar on the server lost {len(gone)} of the {len(held)} records "
                            "netdesk put there, so nothing was deleted; if that is what you meant, sync again "
                            "with --allow-mass-delete")
        complete = True
        got = dav.bodies(self.client, self.url, changed)
        for path in changed:
            if path not in got:
                continue
            etag, body = got[path]
            try:
                remote = journal.read(body)
            except journal.JournalError:
                continue  # another app's journal entry: left alone
            if remote.kind not in HISTORY_TABLES:
                continue
            try:
                with transaction():
                    self._remote_one(remote, path, etag, body)
            except state.RecordRefused as e:  # kept on the server, reported; the token stays where it was
                complete = False
                self.result.errors.append(f"the history record {remote.uid} could not be applied: {e}")
        for held_item in gone:
            with transaction():
                queued = {u for _k, u in state.queued(self.account.id, state.high_water(self.account.id))}
                if held_item.uid in queued:  # edited here since: it goes up again as a new record
                    state.forget_item(self.account.id, held_item.uid)
                    continue
                self.touched.update(state.delete_record(held_item.kind, held_item.uid))
                state.forget_item(self.account.id, held_item.uid)
                state.done(self.account.id, held_item.uid, state.high_water(self.account.id))
                self.result.pulled += 1
        return listing.token, complete

    def _remote_one(self, remote: journal.HistoryRecord, path: str, etag: str | None, body: str) -> None:
        known = state.item(self.account.id, remote.uid)
        upto = state.high_water(self.account.id)
        edited_here = any(u == remote.uid for _k, u in state.queued(self.account.id, upto))
        merged = self.merge(remote, known.base if known else None) if edited_here or known else remote
        if not self.apply(merged, path, etag, body):
            return
        self.result.pulled += 1
        # The server's copy is the base now; a merged record that differs from it goes up again.
        state.put_item(self.account.id, state.Item(remote.uid, remote.kind, path, etag, self.base_of(remote)))
        if self.base_of(merged) == self.base_of(remote):
            state.done(self.account.id, remote.uid, state.high_water(self.account.id))
        else:
            state.requeue(self.account.id, remote.kind, remote.uid)

    def retry_pending(self) -> None:
        """Records that waited for their contact: those whose contact has come apply now."""
        for uid, href, etag, body in state.pending_rows(self.account.id):
            try:
                remote = journal.read(body)
            except journal.JournalError:
                with transaction():
                    state.drop_pending(self.account.id, uid)
                continue
            if all(self.contact_id(u) is not None for u in remote.contacts.values()):
                with transaction():
                    self._remote_one(remote, href, etag, body)

    # -- push -------------------------------------------------------------------------------------------
    def push(self) -> None:
        upto = state.high_water(self.account.id)
        for kind, uid in state.queued(self.account.id, upto):
            for _round in range(ROUNDS):
                if self._push_one(kind, uid, upto):
                    break
            else:
                raise SyncError(f"the history record {uid} keeps changing on the server; try the sync again")

    def _push_one(self, kind: str, uid: str, upto: int) -> bool:
        """True when settled; False after a 412 merged the server's copy in (write again)."""
        held = state.item(self.account.id, uid)
        record = self.local(kind, uid)
        if record is None:
            if held is not None:
                dav.delete(self.client, held.href, held.etag)
            with transaction():
                state.forget_item(self.account.id, uid)
                state.done(self.account.id, uid, upto)
            return True
        if any(u in (None, "") for u in record.contacts.values()):
            return True
        if held is not None and held.base == self.base_of(record):
            with transaction():
                state.done(self.account.id, uid, upto)
            return True
        path = held.href if held else dav.href_for(self.url, uid)
        status, etag = dav.put(self.client, path, journal.write(record, dt.datetime.now(dt.UTC)),
                               held.etag if held else None, new=held is None)
        if status in (412, 404):
            got = dav.get(self.client, path)
            with transaction():
                if got is None:  # deleted on the server meanwhile: write it anew
                    state.forget_item(self.account.id, uid)
                    return False
                remote = journal.read(got[1])
                merged = self.merge(remote, held.base if held else None)
                self.apply(merged, path, got[0], got[1])
                state.put_item(self.account.id, state.Item(uid, kind, path, got[0], self.base_of(remote)))
            return False
        with transaction():
            state.put_item(self.account.id, state.Item(uid, kind, path, etag, self.base_of(record)))
            state.done(self.account.id, uid, upto)
        self.result.pushed += 1
        return True


def sync_history(client: caldav.DAVClient, account: Account, *, today: dt.date, allow_mass_delete: bool = False,
                 dry_run: bool = False) -> HistoryResult:
    book = state.book(account.id)
    if book is None:
        if dry_run:
            return HistoryResult()
        url, supported = dav.find_or_make(client, collection_name(account))
        with transaction():  # a new collection queues every record there is, in the same transaction
            state.set_book(account.id, url, supported)
        book = state.book(account.id)
        assert book is not None
    if not book.supported:
        return HistoryResult(unsupported=True)
    if dry_run:
        return HistoryResult(pushed=len(state.queued(account.id, state.high_water(account.id))),
                             pending=state.waiting(account.id))
    work = _Sync(client, account, book.url, today)
    token, complete = work.pull(book.sync_token if book.first_done else None, allow_mass_delete)
    work.retry_pending()
    if complete:
        with transaction():
            state.set_token(account.id, token)
    work.push()
    work.result.change = settle(work, today)
    work.result.conflicts = state.conflict_count(account.id)
    work.result.pending = state.waiting(account.id)
    return work.result


def settle(work: _Sync, today: dt.date) -> Change:
    """Derive the reminders of the contacts whose history moved, then take the users' decisions in."""
    if not work.touched and not work.actions:
        return Change()
    ids = sorted(work.touched)
    result = reminders.derive(today, contact_ids=ids) if ids else None
    with transaction():
        moved = state.apply_actions(work.actions)
        if moved:
            from netdesk.store.reminders import refresh_next_due

            refresh_next_due(moved)
    change = reminders.change_of(result) if result is not None else Change()
    return change | Change(contacts=frozenset([*ids, *moved]), everything=bool(moved))


def retry_after_contacts(client: caldav.DAVClient, account: Account, *, today: dt.date) -> Change:
    """Records that waited for a contact the contact sync has just brought."""
    book = state.book(account.id)
    if book is None or not book.supported:
        return Change()
    work = _Sync(client, account, book.url, today)
    work.retry_pending()
    return settle(work, today)


def add_to(result, client: caldav.DAVClient, account: Account, *, today: dt.date, allow_mass_delete: bool,
           dry_run: bool) -> None:
    """The history sync of an account folded into the account's sync result (services/sync/run.py). It runs
    after the contacts, so a record's contact is there when it can be; the reminders that pulled records
    call for go up to the calendar with the next sync (they are in the calendar's outbox meanwhile)."""
    if not wanted(account):
        return
    try:
        found = sync_history(client, account, today=today, allow_mass_delete=allow_mass_delete, dry_run=dry_run)
    except journal.JournalError as e:
        raise SyncError(f"a history record could not be written: {e}") from e
    # `pushed` and `pulled` stay the calendar's and the address book's (CLI.md); the history's own counts
    # are kept on the result where it has room for them.
    if hasattr(result, "history"):
        result.history = found
    result.conflicts += found.conflicts
    result.errors += found.errors
    if hasattr(result, "change"):
        result.change |= found.change

