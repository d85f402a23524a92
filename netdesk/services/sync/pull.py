"""The pull: what changed in netdesk's collection since the last sync token (RFC 6578), or a full
listing where the server has no tokens, and what of it netdesk takes back (remote_edits)."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import caldav
from caldav.elements import dav
from caldav.lib import error as dav_error

from netdesk.domain.change import Change, RecordKind
from netdesk.domain.kinds import ReminderKind
from netdesk.domain.model import Reminder
from netdesk.domain.sync_account import Account, Item
from netdesk.services import records, reminders
from netdesk.services.records import RowState
from netdesk.services.sync import remote_edits
from netdesk.services.sync.connection import SyncError
from netdesk.store import accounts
from netdesk.store.db import transaction

MASS_SHARE = 0.5  # SYNC.md: more than half of what the collection holds ...
MASS_FLOOR = 10  # ... and more than ten items


def digest(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def path_of(url) -> str:
    return unquote(urlsplit(str(url)).path)


@dataclass
class Journal:
    """The rows what the phone did wrote, as they were before (first sight) and after: one undo.

    `before` keeps each row's earliest state; `after()` reads them as the store has them now."""

    before: dict[tuple[str, int], RowState] = field(default_factory=dict)
    done: list[str] = field(default_factory=list)  # reminder titles, one entry each, for the undo text
    later: list[RowState] = field(default_factory=list)  # the rows as the sync left them (settle())

    def note(self, states: list[RowState]) -> None:
        for state in states:
            self.before.setdefault((state.table, state.id), state)

    def after(self) -> list[RowState]:
        out: list[RowState] = []
        for table in dict.fromkeys(t for t, _id in self.before):
            out.extend(records.capture(table, [i for t, i in self.before if t == table]))
        return out

    def settle(self) -> Journal:
        """Read the after-states now (the sync is over); returns itself."""
        self.later = self.after()
        return self

    def __bool__(self) -> bool:
        return bool(self.before)


_journal: contextvars.ContextVar[Journal | None] = contextvars.ContextVar("netdesk_sync_journal", default=None)


@contextlib.contextmanager
def journal() -> Iterator[Journal]:
    """Record, for undo, every local row the pull (and a 412's take-back) writes within the block."""
    kept = Journal()
    token = _journal.set(kept)
    try:
        yield kept
    finally:
        _journal.reset(token)


def _rows_touched(reminder: Reminder) -> list[RowState]:
    """What acting on `reminder` from the phone may write (captured before it does): the reminder, and
    for a thank-you the favours and leads its thanks would close, for a close-the-loop the lead."""
    states = records.capture("reminder", [reminder.id])
    if reminder.kind is ReminderKind.THANK_YOU and reminder.contact_id:
        states += records.open_favours_and_leads(reminder.contact_id)
    elif reminder.kind is ReminderKind.CLOSE_THE_LOOP and reminder.source == "lead":
        states += records.capture("lead", [reminder.source_id])
    return states


def _journaled(reminder: Reminder, act) -> Change:
    """Run `act()` (a remote edit of `reminder`), noting for undo what it wrote."""
    kept = _journal.get()
    before = _rows_touched(reminder) if kept is not None else []
    change = act()
    if kept is not None and change:
        kept.note(before)
        kept.note([RowState(RecordKind.THANKS.value, tid, None) for tid in change.records_of(RecordKind.THANKS)])
        kept.done.append(reminder.title)
    return change


@dataclass
class Listing:
    changed: list[tuple[str, str, caldav.CalendarObjectResource]] = field(default_factory=list)  # uid, etag, obj
    deleted: list[str] = field(default_factory=list)  # uids
    token: str | None = None


def listing(calendar: caldav.Calendar, account: Account, held: dict[str, Item]) -> Listing:
    """One sync-collection REPORT (caldav falls back to a full listing where tokens are missing)."""
    found = calendar.objects_by_sync_token(sync_token=account.sync_token, load_objects=False)
    token = found.sync_token
    fake = isinstance(token, str) and token.startswith("fake-")  # no sync tokens: caldav listed everything ...
    if fake and token == account.sync_token:
        return Listing(token=token)  # ... but nothing, as no ETag moved since the last listing
    full = not account.sync_token or fake  # a full listing: what it lacks was deleted
    out = Listing(token=token)
    if not full and not len(found.objects):
        return out  # nothing moved: the common sync costs no look-up of what netdesk holds
    by_path = {path_of(item.href): item for item in held.values()}
    present = set()
    for obj in found:
        path = path_of(obj.url)
        item = by_path.get(path)
        uid = item.uid if item else path.rsplit("/", 1)[-1].removesuffix(".ics")
        etag = (obj.props or {}).get(dav.GetEtag.tag)
        if etag is None:  # RFC 6578: a member reported without properties was removed
            if item is not None:
                out.deleted.append(uid)
            continue
        present.add(path)
        if item is None or item.etag != etag:
            out.changed.append((uid, etag, obj))
    if full:
        out.deleted += [item.uid for path, item in by_path.items() if path not in present]
    return out


def _remote_reminder(uid: str):
    rid = accounts.reminder_id(uid)
    return None if rid is None else reminders.get(rid)


def run(calendar: caldav.Calendar, account: Account, *, today: dt.date, allow_mass_delete: bool,
        dry_run: bool) -> tuple[int, Change]:
    """Apply what the phone did; returns how many objects it changed and the local Change."""
    held = accounts.items(account.id)
    found = listing(calendar, account, held)
    dismissing = [uid for uid in found.deleted if (r := _remote_reminder(uid)) is not None and r.status.is_active]
    if len(dismissing) > MASS_FLOOR and len(dismissing) > MASS_SHARE * max(len(held), 1) and not allow_mass_delete:
        raise SyncError(f"the calendar on the server lost {len(dismissing)} of the {len(held)} items netdesk put "
                        "there, so nothing was dismissed; if that is what you meant, sync again with "
                        "--allow-mass-delete")
    if dry_run:
        return len(found.changed) + len(found.deleted), Change()
    change = Change()
    for uid in found.deleted:
        reminder = _remote_reminder(uid)
        with transaction():
            if reminder is not None:
                change |= _journaled(reminder, lambda r=reminder: remote_edits.dismiss(r, today))
            # Forgotten, so the push puts it back as netdesk has it (a closed reminder shows as closed).
            accounts.forget_item(account.id, uid)
    for uid, etag, obj in found.changed:
        try:
            obj.load()
        except dav_error.NotFoundError:
            continue  # deleted since the listing: the next sync sees it
        body = obj.data.encode() if isinstance(obj.data, str) else obj.data
        change |= take_back(account, uid, str(obj.url), etag, body, today)
    with transaction():
        accounts.set_token(account.id, found.token)
    return len(found.changed) + len(found.deleted), change


def take_back(account: Account, uid: str, href: str, etag: str | None, body: bytes, today: dt.date) -> Change:
    """One object as the server has it: its completion or date applied, its ETag and bytes remembered
    (in the same transaction), so the push overwrites the rest only if it differs from netdesk's."""
    with transaction():
        change = Change()
        reminder = _remote_reminder(uid)
        seen = remote_edits.read(body)
        if reminder is not None and seen is not None:
            change = _journaled(reminder, lambda: remote_edits.apply(reminder, seen, today))
        accounts.put_item(account.id, Item(uid, href, etag, digest(body)))
    return change
